using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Routing;

/// <summary>The hedging policy of each route (<c>FlexiAI:Hedging:{route}</c>), looked up by route name without allocating.</summary>
public sealed class HedgingPolicies
{
    private readonly Dictionary<string, HedgingOptions> _byRoute;

    public HedgingPolicies(IOptions<FlexiAIOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _byRoute = new Dictionary<string, HedgingOptions>(options.Value.Hedging, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The policy of the route a caller named (null or empty: <c>default</c>); null when the route is not hedged.</summary>
    public HedgingOptions? For(string? route) =>
        _byRoute.Count == 0 ? null : _byRoute.GetValueOrDefault(string.IsNullOrEmpty(route) ? FlexiAIOptions.DefaultRoute : route);
}
