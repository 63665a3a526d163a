using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Providers;

/// <summary>
/// The configured providers in priority order and the routes (model aliases) over them. Built once at start-up;
/// lookups on the request path allocate nothing.
/// </summary>
public sealed class ProviderCatalog
{
    /// <summary>The named HTTP client every provider shares (no timeout, no retry handlers).</summary>
    public const string HttpClientName = "FlexiAI.Providers";

    private readonly Dictionary<string, Provider> _byName;
    private readonly Dictionary<string, ProviderRoute> _routes;

    public ProviderCatalog(IOptions<FlexiAIOptions> options, IHttpClientFactory httpClientFactory, IHttpMessageHandlerFactory handlerFactory)
        : this(options.Value, httpClientFactory.CreateClient(HttpClientName),
            // The same handler (connection pool) as the client, without HttpClient's per-request linked cancellation source.
            new HttpMessageInvoker(handlerFactory.CreateHandler(HttpClientName), disposeHandler: false))
    {
    }

    internal ProviderCatalog(FlexiAIOptions options, HttpClient httpClient, HttpMessageInvoker? invoker = null)
    {
        All = [.. options.Providers
            .Select((p, index) => (p, index))
            .OrderBy(x => x.p.Priority).ThenBy(x => x.index)
            .Select(x => new Provider(x.p, httpClient, invoker ?? httpClient, ProviderChatClientFactory.Create)
            {
                MaxStreamEventBytes = options.Limits.MaxStreamEventBytes,
            })];
        _byName = All.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        _routes = new Dictionary<string, ProviderRoute>(StringComparer.OrdinalIgnoreCase)
        {
            [FlexiAIOptions.DefaultRoute] = Route(options, FlexiAIOptions.DefaultRoute, [.. All]),
        };
        foreach (var (route, members) in options.Routes)
        {
            _routes[route] = Route(options, route, [.. members.Select(m => _byName[m])]);
        }
    }

    /// <summary>Every provider, lowest priority number first.</summary>
    public IReadOnlyList<Provider> All { get; }

    /// <summary>Route names (model aliases), <c>default</c> first.</summary>
    public IEnumerable<string> RouteNames => _routes.Keys;

    public Provider? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The providers for a requested model (a route name; empty means <c>default</c>); null when no route has that name.</summary>
    public ProviderRoute? Resolve(string? model) =>
        _routes.GetValueOrDefault(string.IsNullOrEmpty(model) ? FlexiAIOptions.DefaultRoute : model);

    private static ProviderRoute Route(FlexiAIOptions options, string name, Provider[] providers) =>
        new(name, providers, options.ContentPolicyFailover.GetValueOrDefault(name),
            GroupStrategyNames.TryParse(options.Strategy.GetValueOrDefault(name), out var strategy) ? strategy : GroupStrategy.Priority,
            options.StreamContinuation.GetValueOrDefault(name));
}
