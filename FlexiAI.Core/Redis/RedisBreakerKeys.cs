namespace FlexiAI.Redis;

/// <summary>
/// Key and channel names. Every key carries the hash tag <c>{prefix}</c>, so all of a deployment's keys live in one
/// Redis Cluster slot and a script may touch several of them.
/// </summary>
internal sealed class RedisBreakerKeys(string prefix)
{
    private readonly string _tag = "{" + prefix + "}";

    /// <summary>Hash with one provider's breaker state.</summary>
    public string Breaker(string provider) => $"{_tag}:breaker:{provider}";

    /// <summary>Sorted set of the provider's probe leases (score = expiry in ms).</summary>
    public string Probes(string provider) => $"{_tag}:probes:{provider}";

    /// <summary>Pub/sub channel on which every change is announced.</summary>
    public string Channel => $"{_tag}:breaker-events";
}
