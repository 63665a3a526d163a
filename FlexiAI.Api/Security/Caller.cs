namespace FlexiAI.Api.Security;

/// <summary>
/// Who sent a request. One instance per configured key, built at start-up: authenticating a request hands out one of
/// them (or <see cref="Anonymous"/>) and allocates nothing.
/// </summary>
/// <param name="Role">What the key allows.</param>
/// <param name="KeyId">A short, non-reversible id of the key (a digest prefix) for rate limits and logs; null when anonymous.</param>
public sealed record Caller(CallerRole Role, string? KeyId)
{
    public static Caller Anonymous { get; } = new(CallerRole.Anonymous, null);

    /// <summary>The rate-limit partition of this key (<c>key:{KeyId}</c>); null when anonymous (limited per remote address).</summary>
    public string? RateLimitPartition { get; } = KeyId is null ? null : "key:" + KeyId;
}
