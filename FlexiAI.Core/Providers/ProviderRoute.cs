using System.Collections;
using FlexiAI.Options;
using FlexiAI.Routing;

namespace FlexiAI.Providers;

/// <summary>
/// A route (model alias): its providers in the order to try, its groups (providers of equal priority next to each other)
/// and its own rules: the group strategy, content-policy failover, stream continuation.
/// </summary>
public sealed class ProviderRoute : IReadOnlyList<Provider>
{
    private readonly Provider[] _providers;
    private readonly GroupTurns? _groups;
    private ProviderRoute? _openAIOnly;

    public ProviderRoute(string name, Provider[] providers, bool contentPolicyFailover, GroupStrategy strategy = GroupStrategy.Priority,
        bool streamContinuation = false)
    {
        ArgumentNullException.ThrowIfNull(providers);
        Name = name;
        _providers = providers;
        ContentPolicyFailover = contentPolicyFailover;
        Strategy = strategy;
        StreamContinuation = streamContinuation;
        _groups = strategy == GroupStrategy.Priority ? null : GroupTurns.For(providers);
    }

    private ProviderRoute(ProviderRoute route, Provider[] providers)
    {
        Name = route.Name;
        _providers = providers;
        ContentPolicyFailover = route.ContentPolicyFailover;
        Strategy = route.Strategy;
        StreamContinuation = route.StreamContinuation;
        Model = route.Model;
        Embeddings = route.Embeddings;
    }

    /// <summary>The route's name (<c>default</c>, a key of <c>FlexiAI:Routes</c>, or the model name the caller sent).</summary>
    public string Name { get; }

    /// <summary><c>FlexiAI:ContentPolicyFailover:{route}</c>: a content-policy rejection moves on to the next provider.</summary>
    public bool ContentPolicyFailover { get; }

    /// <summary><c>FlexiAI:Strategy:{route}</c>: how each group spreads its requests.</summary>
    public GroupStrategy Strategy { get; }

    /// <summary><c>FlexiAI:StreamContinuation:{route}</c>: a stream that breaks after it started is continued by the next provider.</summary>
    public bool StreamContinuation { get; }

    /// <summary>
    /// The model every provider of the route is sent, when the caller named it (<c>provider/model</c>); null: each
    /// provider's own (<see cref="Provider.Model"/>, or its <c>EmbeddingModel</c> on an embeddings route).
    /// </summary>
    public string? Model { get; init; }

    /// <summary>An embeddings route: its providers are sent their <c>EmbeddingModel</c>.</summary>
    public bool Embeddings { get; init; }

    public Provider this[int index] => _providers[index];

    public int Count => _providers.Length;

    /// <summary>The model to send <paramref name="provider"/> on this route.</summary>
    public string ModelFor(Provider provider) =>
        Model ?? (Embeddings ? provider.Options.EmbeddingModel ?? provider.Model : provider.Model);

    /// <summary>
    /// The order to try for one request: this route itself when it has no group of two or more under a strategy other than
    /// <c>priority</c> (no allocation); else a copy with each group turned so that the member the strategy chose comes first
    /// and the others follow in the route's order, wrapping round.
    /// </summary>
    public ProviderRoute ForRequest(bool streaming) =>
        _groups is null ? this : new ProviderRoute(this, _groups.Arrange(_providers, Strategy, streaming));

    /// <summary>This route without <paramref name="provider"/> (a stream continuation asks the others), in the same order.</summary>
    public ProviderRoute Without(Provider provider) => Copy([.. _providers.Where(p => p != provider)]);

    /// <summary>The route without its providers of another protocol (for APIs that are passed through, never translated).</summary>
    public ProviderRoute OpenAIOnly()
    {
        if (_openAIOnly is { } cached)
        {
            return cached;
        }
        var openAI = Array.FindAll(_providers, p => p.SpeaksOpenAI);
        // Built once per route; a benign race builds the same route twice.
        return _openAIOnly = openAI.Length == _providers.Length ? this : Copy(openAI);
    }

    public IEnumerator<Provider> GetEnumerator() => ((IEnumerable<Provider>)_providers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _providers.GetEnumerator();

    /// <summary>The same route, rules and all, over other providers (their groups found again).</summary>
    private ProviderRoute Copy(Provider[] providers) =>
        new(Name, providers, ContentPolicyFailover, Strategy, StreamContinuation) { Model = Model, Embeddings = Embeddings };
}
