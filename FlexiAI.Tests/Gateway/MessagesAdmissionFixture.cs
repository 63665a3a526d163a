namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The gateway of <see cref="GatewayFixture"/> admitting one request at a time (<c>Limits:MaxConcurrentRequests=1</c>),
/// with a client key and the <c>anthropic-first</c> route; the Anthropic-protocol provider's attempt timeout is a minute,
/// so a request held by a slow provider keeps its slot until the test lets it go.
/// </summary>
public sealed class MessagesAdmissionFixture : GatewayFixture
{
    protected override IEnumerable<string> ExtraArguments =>
    [
        "--FlexiAI:Auth:ClientKeys:0=" + MessagesGatewayFixture.ClientKey,
        "--FlexiAI:Limits:MaxConcurrentRequests=1",
        "--FlexiAI:Providers:1:Timeout=00:01:00",
        "--FlexiAI:Routes:" + MessagesGatewayFixture.AnthropicFirstRoute + ":0=" + AnthropicProvider,
    ];
}
