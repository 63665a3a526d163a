namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The gateway of <see cref="GatewayFixture"/> with a client key (sent by the tests as <c>x-api-key</c>, as the
/// Anthropic client does) and a route that tries the Anthropic-protocol provider first:
/// <c>anthropic-first</c> = <c>sim-anthropic</c>, then <c>sim-openai</c>; <c>sim-anthropic</c> has a key of its own. The two simulated providers get a 10 s attempt
/// timeout (not the base fixture's 1 s): a translated answer's first call through the OpenAI SDK can take over a second
/// on a busy machine, and these tests are about the answers, not timeouts.
/// </summary>
public sealed class MessagesGatewayFixture : GatewayFixture
{
    public const string ClientKey = "messages-test-client-key";

    public const string AnthropicFirstRoute = "anthropic-first";

    /// <summary>The key the gateway sends <c>sim-anthropic</c> (the simulator records a fingerprint of it, never checks it).</summary>
    public const string AnthropicProviderKey = "sk-ant-simulated-provider-key-0001";

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--FlexiAI:Auth:ClientKeys:0=" + ClientKey,
        "--FlexiAI:Providers:0:Timeout=00:00:10",
        "--FlexiAI:Providers:1:Timeout=00:00:10",
        "--FlexiAI:Providers:1:ApiKey=" + AnthropicProviderKey,
        "--FlexiAI:Routes:" + AnthropicFirstRoute + ":0=" + AnthropicProvider,
        "--FlexiAI:Routes:" + AnthropicFirstRoute + ":1=" + OpenAIProvider,
    ];
}
