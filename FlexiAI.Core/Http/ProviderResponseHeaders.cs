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
        ArgumentNullException.ThrowIfNull(name);
        // Every allowed name is at least 10 characters long and starts with one of four letters: most of an answer's
        // headers (date, server, content-*, cf-ray, ...) are turned away without a comparison.
        if (name.Length < 10 || (name[0] | 0x20) is not ('x' or 'r' or 'o' or 'a'))
        {
            return false;
        }
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

    /// <summary>
    /// The allowed headers of an answer, as sent (no parsing; the values are the strings the answer holds, not copies):
    /// counted first, then kept in one array of that size; null when it has none (nothing allocated).
    /// </summary>
    public static KeyValuePair<string, string>[]? Capture(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var error = !response.IsSuccessStatusCode;
        var headers = response.Headers.NonValidated;
        var count = 0;
        foreach (var (name, _) in headers)
        {
            if (IsAllowed(name, error))
            {
                count++;
            }
        }
        if (count == 0)
        {
            return null;
        }
        var kept = new KeyValuePair<string, string>[count];
        var i = 0;
        foreach (var (name, values) in headers)
        {
            if (i < count && IsAllowed(name, error))
            {
                kept[i++] = new(name, values.ToString());
            }
        }
        return kept;
    }
}
