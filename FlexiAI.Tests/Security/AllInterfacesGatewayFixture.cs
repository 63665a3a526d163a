using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Security;

/// <summary>
/// The open gateway (no keys) listening on every interface, so a test can call it as a remote caller (through a
/// non-loopback address of this machine) and as a local one (<see cref="GatewayFixture.Client"/>, loopback).
/// </summary>
public sealed class AllInterfacesGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--urls", "http://0.0.0.0:0"];

    /// <summary>A client that reaches the gateway through a non-loopback address.</summary>
    public HttpClient RemoteClient() =>
        new() { BaseAddress = new Uri($"http://{NonLoopbackAddress.Require()}:{BaseAddress.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
}
