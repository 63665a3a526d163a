namespace FlexiAI.Http;

/// <summary>
/// The provider's response headers a client may see on a same-protocol (pass-through) path: an allowlist. The request
/// id (<c>x-request-id</c>, <c>request-id</c>), <c>openai-processing-ms</c>, rate-limit headers (<c>x-ratelimit-*</c>,
/// <c>anthropic-ratelimit-*</c>) and, on an error answer, <c>retry-after</c>. Nothing else crosses: never hop-by-hop
/// headers (<c>Connection</c>, <c>Transfer-Encoding</c>, ...), <c>Set-Cookie</c>, or anything naming the provider's
/// account or infrastructure.
/// </summary>
public static class ProviderResponseHeaders
{
    private static readonly string[] Exact = ["x-request-id", "request-id", "openai-processing-ms"];
    private static readonly string[] Prefixes = ["x-ratelimit-", "anthropic-ratelimit-"];

    /// <summary>True when a header of that name is copied (<paramref name="error"/>: the answer is not a 2xx).</summary>
    public static bool IsAllowed(string name, bool error)
    {
        foreach (var exact in Exact)
        {
            if (name.Equals(exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return error && name.Equals("retry-after", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The allowed headers of an answer, as sent (no parsing); null when it has none (nothing allocated).</summary>
    public static List<KeyValuePair<string, string>>? Capture(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var error = !response.IsSuccessStatusCode;
        List<KeyValuePair<string, string>>? kept = null;
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            if (IsAllowed(name, error))
            {
                (kept ??= new List<KeyValuePair<string, string>>(4)).Add(new(name, values.ToString()));
            }
        }
        return kept;
    }
}
