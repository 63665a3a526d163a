using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Security;

/// <summary>The gateway fixture with client and admin keys configured.</summary>
public sealed class SecuredGatewayFixture : GatewayFixture
{
    public const string ClientKey = "client-key-0123456789abcdef";
    public const string AdminKey = "admin-key-fedcba9876543210";

    protected override IEnumerable<string> ExtraArguments =>
        ["--FlexiAI:Auth:ClientKeys:0=" + ClientKey, "--FlexiAI:Auth:AdminKeys:0=" + AdminKey];
}
