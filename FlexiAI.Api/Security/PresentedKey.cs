namespace FlexiAI.Api.Security;

/// <summary>
/// The key a request presents: <c>Authorization: Bearer &lt;key&gt;</c> (OpenAI's clients) or <c>x-api-key: &lt;key&gt;</c>
/// (Anthropic's), the former first. A slice of the header (no copy); empty when there is none.
/// </summary>
internal static class PresentedKey
{
    public const string ApiKeyHeader = "x-api-key";

    public static ReadOnlySpan<char> Of(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization.AsSpan(7).Trim();
        }
        return request.Headers.TryGetValue(ApiKeyHeader, out var apiKey) ? apiKey.ToString().AsSpan().Trim() : [];
    }
}
