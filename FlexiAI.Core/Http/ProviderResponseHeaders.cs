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
    /// <summary>True when a header of that name is copied (<paramref name="error"/>: the answer is not a 2xx).</summary>
    public static bool IsAllowed(string name, bool error)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Every allowed name is at least 10 characters long and starts with one of four letters: most of an answer's
        // headers (date, server, content-*, cf-ray, ...) are turned away without a comparison, and the others are held
        // against the names of their first letter only.
        if (name.Length < 10)
        {
            return false;
        }
        return (name[0] | 0x20) switch
        {
            'x' => Is(name, "x-request-id") || HasPrefix(name, "x-ratelimit-"),
            'r' => Is(name, "request-id") || (error && Is(name, "retry-after")),
            'o' => Is(name, "openai-processing-ms"),
            'a' => HasPrefix(name, "anthropic-ratelimit-"),
            _ => false,
        };
    }

    private static bool Is(string name, string allowed) => name.Equals(allowed, StringComparison.OrdinalIgnoreCase);

    private static bool HasPrefix(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The allowed headers of an answer, as sent (no parsing; the values are the strings the answer holds, not copies):
    /// found in one pass over the names (which of the first 64 are kept, as bits), then kept in one array of that size;
    /// null when it has none (nothing allocated).
    /// </summary>
    public static KeyValuePair<string, string>[]? Capture(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var error = !response.IsSuccessStatusCode;
        var headers = response.Headers.NonValidated;
        ulong kept = 0;
        var count = 0;
        var index = 0;
        foreach (var (name, _) in headers)
        {
            if (IsAllowed(name, error))
            {
                kept |= index < 64 ? 1UL << index : 0;
                count++;
            }
            index++;
        }
        if (count == 0)
        {
            return null;
        }
        var captured = new KeyValuePair<string, string>[count];
        var i = 0;
        index = 0;
        foreach (var (name, values) in headers)
        {
            if (i < count && (index < 64 ? (kept >> index & 1) != 0 : IsAllowed(name, error)))
            {
                captured[i++] = new(name, values.ToString());
            }
            index++;
        }
        return captured;
    }
}
