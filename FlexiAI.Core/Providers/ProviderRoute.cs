using System.Collections;

namespace FlexiAI.Providers;

/// <summary>A route (model alias): its providers in the order to try, and its own failover rules.</summary>
public sealed class ProviderRoute(string name, Provider[] providers, bool contentPolicyFailover) : IReadOnlyList<Provider>
{
    /// <summary>The route's name (<c>default</c> or a key of <c>FlexiAI:Routes</c>).</summary>
    public string Name { get; } = name;

    /// <summary><c>FlexiAI:ContentPolicyFailover:{route}</c>: a content-policy rejection moves on to the next provider.</summary>
    public bool ContentPolicyFailover { get; } = contentPolicyFailover;

    public Provider this[int index] => providers[index];

    public int Count => providers.Length;

    public IEnumerator<Provider> GetEnumerator() => ((IEnumerable<Provider>)providers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => providers.GetEnumerator();
}
