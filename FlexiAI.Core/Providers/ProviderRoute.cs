using System.Collections;

namespace FlexiAI.Providers;

/// <summary>A route (model alias): its providers in the order to try, and its own failover rules.</summary>
public sealed class ProviderRoute(string name, Provider[] providers, bool contentPolicyFailover) : IReadOnlyList<Provider>
{
    private ProviderRoute? _openAIOnly;

    /// <summary>The route's name (<c>default</c>, a key of <c>FlexiAI:Routes</c>, or the model name the caller sent).</summary>
    public string Name { get; } = name;

    /// <summary><c>FlexiAI:ContentPolicyFailover:{route}</c>: a content-policy rejection moves on to the next provider.</summary>
    public bool ContentPolicyFailover { get; } = contentPolicyFailover;

    /// <summary>
    /// The model every provider of the route is sent, when the caller named it (<c>provider/model</c>); null: each
    /// provider's own (<see cref="Provider.Model"/>, or its <c>EmbeddingModel</c> on an embeddings route).
    /// </summary>
    public string? Model { get; init; }

    /// <summary>An embeddings route: its providers are sent their <c>EmbeddingModel</c>.</summary>
    public bool Embeddings { get; init; }

    public Provider this[int index] => providers[index];

    public int Count => providers.Length;

    /// <summary>The model to send <paramref name="provider"/> on this route.</summary>
    public string ModelFor(Provider provider) =>
        Model ?? (Embeddings ? provider.Options.EmbeddingModel ?? provider.Model : provider.Model);

    /// <summary>The route without its providers of another protocol (for APIs that are passed through, never translated).</summary>
    public ProviderRoute OpenAIOnly()
    {
        if (_openAIOnly is { } cached)
        {
            return cached;
        }
        var openAI = Array.FindAll(providers, p => p.SpeaksOpenAI);
        // Built once per route; a benign race builds the same route twice.
        return _openAIOnly = openAI.Length == providers.Length
            ? this
            : new ProviderRoute(Name, openAI, ContentPolicyFailover) { Model = Model, Embeddings = Embeddings };
    }

    public IEnumerator<Provider> GetEnumerator() => ((IEnumerable<Provider>)providers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => providers.GetEnumerator();
}
