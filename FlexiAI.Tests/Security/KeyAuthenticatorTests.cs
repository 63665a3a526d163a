using FlexiAI.Api.Security;
using FlexiAI.Options;

namespace FlexiAI.Tests.Security;

/// <summary>The key check: roles, ids that are not the key, and no allocation per request.</summary>
public sealed class KeyAuthenticatorTests
{
    private const string ClientKey = "client-key-0123456789abcdef";
    private const string AdminKey = "admin-key-fedcba9876543210";

    private static readonly KeyAuthenticator Authenticator = new(Microsoft.Extensions.Options.Options.Create(new FlexiAIOptions
    {
        Auth = new AuthOptions { ClientKeys = [ClientKey], AdminKeys = [AdminKey] },
    }));

    [Fact]
    public void Keys_map_to_their_roles_and_anything_else_to_anonymous()
    {
        Assert.Equal(CallerRole.Client, Authenticator.Authenticate(ClientKey).Role);
        Assert.Equal(CallerRole.Admin, Authenticator.Authenticate(AdminKey).Role);
        Assert.Same(Caller.Anonymous, Authenticator.Authenticate("client-key-0123456789abcdeX"));
        Assert.Same(Caller.Anonymous, Authenticator.Authenticate(ClientKey.AsSpan(0, ClientKey.Length - 1)));
        Assert.Same(Caller.Anonymous, Authenticator.Authenticate(""));
        Assert.Same(Caller.Anonymous, Authenticator.Authenticate(new string('k', 5000))); // longer than the stack buffer
    }

    [Fact]
    public void A_key_is_known_by_a_digest_prefix_never_by_itself()
    {
        var client = Authenticator.Authenticate(ClientKey);

        Assert.Equal(12, client.KeyId!.Length);
        Assert.DoesNotContain(client.KeyId, ClientKey, StringComparison.Ordinal);
        Assert.Equal("key:" + client.KeyId, client.RateLimitPartition);
        Assert.NotEqual(client.KeyId, Authenticator.Authenticate(AdminKey).KeyId);
        Assert.Null(Caller.Anonymous.RateLimitPartition);
    }

    [Fact]
    public void Checking_a_key_allocates_nothing()
    {
        var header = "Bearer " + ClientKey;
        for (var i = 0; i < 100; i++)
        {
            Authenticator.Authenticate(header.AsSpan(7));
            Authenticator.Authenticate("wrong-key-0123456789abcdef");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var admitted = 0;
        for (var i = 0; i < 1000; i++)
        {
            admitted += Authenticator.Authenticate(header.AsSpan(7)).Role == CallerRole.Client ? 1 : 0;
            admitted += Authenticator.Authenticate("wrong-key-0123456789abcdef").Role == CallerRole.Anonymous ? 0 : 1;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, admitted);
        Assert.Equal(0, allocated);
    }
}
