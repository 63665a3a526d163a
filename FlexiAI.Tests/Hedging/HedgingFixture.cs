using FlexiAI.Tests.Gateway;

namespace FlexiAI.Tests.Hedging;

/// <summary>
/// The gateway fixture with hedged routes over the simulator's two providers (attempt timeout 10 s, so a slow provider is
/// slow rather than failed): <c>hedged</c> hedges after 200 ms, <c>hedged-late</c> after 5 s.
/// </summary>
public sealed class HedgingFixture : GatewayFixture
{
    public const string HedgedRoute = "hedged";
    public const string LateHedgedRoute = "hedged-late";
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(200);

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--FlexiAI:Providers:0:Timeout=00:00:10",
        "--FlexiAI:Providers:1:Timeout=00:00:10",
        $"--FlexiAI:Routes:{HedgedRoute}:0={OpenAIProvider}",
        $"--FlexiAI:Routes:{HedgedRoute}:1={AnthropicProvider}",
        $"--FlexiAI:Hedging:{HedgedRoute}:Delay={Delay}",
        $"--FlexiAI:Routes:{LateHedgedRoute}:0={OpenAIProvider}",
        $"--FlexiAI:Routes:{LateHedgedRoute}:1={AnthropicProvider}",
        $"--FlexiAI:Hedging:{LateHedgedRoute}:Delay=00:00:05",
    ];
}
