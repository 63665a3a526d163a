using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Providers;

/// <summary>
/// The configured providers in priority order and the routes (model aliases) over them. Built once at start-up;
/// lookups on the request path allocate nothing, except for a <c>provider/model</c> name (one small route).
/// </summary>
/// <remarks>
/// What a request's <c>model</c> may be, checked in this order (<see cref="Resolve"/>; the embeddings API has its own
/// rule, <see cref="ResolveEmbeddings"/>):
/// <list type="number">
/// <item>empty or a route name (<c>default</c>, a key of <c>FlexiAI:Routes</c>): that route;</item>
/// <item>a provider's model (<c>Providers[i]:Model</c>, for example <c>gpt-4o-mini</c>): the providers configured with
/// that model, by priority, then every other provider in the default order (each sent its own model);</item>
/// <item><c>provider/model</c> (for example <c>anthropic/claude-sonnet-4-5</c>): that provider alone, sent that model.</item>
/// </list>
/// Names are compared ignoring case. Anything else is unknown (404 <c>model_not_found</c>).
/// </remarks>
public sealed class ProviderCatalog
{
    /// <summary>The named HTTP client every provider shares (no timeout, no retry handlers).</summary>
    public const string HttpClientName = "FlexiAI.Providers";

    private readonly Dictionary<string, Provider> _byName;
    private readonly Dictionary<string, ProviderRoute> _routes;
    private readonly Dictionary<string, ProviderRoute> _byModel;
    private readonly Dictionary<string, ProviderRoute> _embeddingRoutes;
    private readonly Dictionary<string, ProviderRoute> _byEmbeddingModel;

    public ProviderCatalog(IOptions<FlexiAIOptions> options, IHttpClientFactory httpClientFactory, IHttpMessageHandlerFactory handlerFactory)
        : this(options.Value, httpClientFactory.CreateClient(HttpClientName),
            // The same handler (connection pool) as the client, without HttpClient's per-request linked cancellation source.
            // Not disposed: it lives as long as the catalog (a singleton) and owns nothing (the factory owns the handler).
#pragma warning disable CA2000
            new HttpMessageInvoker(handlerFactory.CreateHandler(HttpClientName), disposeHandler: false))
#pragma warning restore CA2000
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

        // A provider's model: the providers configured with it first, then the rest of the default order.
        _byModel = new Dictionary<string, ProviderRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in All.Select(p => p.Model).Distinct(StringComparer.OrdinalIgnoreCase).Where(m => !_routes.ContainsKey(m)))
        {
            var first = All.Where(p => string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase));
            _byModel[model] = Route(options, model, [.. first, .. All.Except(first)]);
        }

        // Embeddings: only providers with an embeddings model; a route keeps its members that have one.
        _embeddingRoutes = _routes.ToDictionary(r => r.Key,
            r => new ProviderRoute(r.Key, [.. r.Value.Where(p => p.Options.EmbeddingModel is not null)], false) { Embeddings = true },
            StringComparer.OrdinalIgnoreCase);
        _byEmbeddingModel = All.Where(p => p.Options.EmbeddingModel is not null)
            .GroupBy(p => p.Options.EmbeddingModel!, StringComparer.OrdinalIgnoreCase)
            .Where(g => !_routes.ContainsKey(g.Key))
            .ToDictionary(g => g.Key, g => new ProviderRoute(g.Key, [.. g], false) { Embeddings = true }, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every provider, lowest priority number first.</summary>
    public IReadOnlyList<Provider> All { get; }

    /// <summary>Route names (model aliases), <c>default</c> first.</summary>
    public IEnumerable<string> RouteNames => _routes.Keys;

    /// <summary>Every name <see cref="Resolve"/> accepts besides <c>provider/model</c>: route names, then providers' models.</summary>
    public IEnumerable<string> ModelNames => _routes.Keys.Concat(_byModel.Keys);

    /// <summary>The embeddings models of the providers (names <see cref="ResolveEmbeddings"/> accepts besides routes).</summary>
    public IEnumerable<string> EmbeddingModelNames => _byEmbeddingModel.Keys;

    public Provider? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The providers for a requested model: a route name (empty means <c>default</c>), a provider's model, or
    /// <c>provider/model</c> (see the remarks of <see cref="ProviderCatalog"/>); null when the name is none of them.
    /// </summary>
    public ProviderRoute? Resolve(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return _routes[FlexiAIOptions.DefaultRoute];
        }
        return _routes.GetValueOrDefault(model) ?? _byModel.GetValueOrDefault(model) ?? ProviderAndModel(model, embeddings: false);
    }

    /// <summary>
    /// The providers for an embeddings request: a route name (its providers that have an <c>EmbeddingModel</c>, each
    /// sent its own), an embeddings model (the providers configured with it, by priority: vectors of different models
    /// are not comparable, so no other provider is tried), or <c>provider/model</c>. The route may be empty (no provider
    /// of it serves embeddings); null when the name is none of them.
    /// </summary>
    public ProviderRoute? ResolveEmbeddings(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return _embeddingRoutes[FlexiAIOptions.DefaultRoute];
        }
        return _embeddingRoutes.GetValueOrDefault(model) ?? _byEmbeddingModel.GetValueOrDefault(model) ?? ProviderAndModel(model, embeddings: true);
    }

    /// <summary><c>provider/model</c>: that provider alone with that model; null when the prefix names no provider.</summary>
    private ProviderRoute? ProviderAndModel(string model, bool embeddings)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == model.Length - 1 || !_byName.TryGetValue(model[..slash], out var provider))
        {
            return null;
        }
        return new ProviderRoute(model, [provider], contentPolicyFailover: false) { Model = model[(slash + 1)..], Embeddings = embeddings };
    }

    private static ProviderRoute Route(FlexiAIOptions options, string name, Provider[] providers) =>
        new(name, providers, options.ContentPolicyFailover.GetValueOrDefault(name),
            GroupStrategyNames.TryParse(options.Strategy.GetValueOrDefault(name), out var strategy) ? strategy : GroupStrategy.Priority,
            options.StreamContinuation.GetValueOrDefault(name));
}
