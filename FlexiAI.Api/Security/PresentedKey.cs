namespace FlexiAI.Api.Security;

/// <summary>
/// The key a request presents: <c>Authorization: Bearer &lt;key&gt;</c> (OpenAI's clients) or <c>x-api-key: &lt;key&gt;</c>
/// (Anthropic's), the former first. A slice of the header (no copy); empty when there is none.
/// </summary>
internal static class PresentedKey
{
    public const string ApiKeyHeader = "x-api-key";

    public static ReadOnlySpan<char> Of(HttpRequest request) =>
        BearerHeader(request) is { } bearer ? OfBearer(bearer)
        : request.Headers.TryGetValue(ApiKeyHeader, out var apiKey) ? apiKey.ToString().AsSpan().Trim() : [];

    /// <summary>The <c>Authorization</c> header when it carries a bearer key (the string Kestrel holds), else null.</summary>
    public static string? BearerHeader(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization : null;
    }

    /// <summary>The key in a bearer header (<see cref="BearerHeader"/>).</summary>
    public static ReadOnlySpan<char> OfBearer(string bearerHeader) => bearerHeader.AsSpan(7).Trim();
}
