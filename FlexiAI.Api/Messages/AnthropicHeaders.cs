namespace FlexiAI.Api.Messages;

/// <summary>
/// The caller's <c>anthropic-version</c> and <c>anthropic-beta</c>, forwarded to Anthropic-protocol providers
/// (the version defaults to <see cref="DefaultVersion"/> when the caller sent none).
/// </summary>
internal readonly record struct AnthropicHeaders(string Version, string? Beta)
{
    public const string DefaultVersion = "2023-06-01";

    public static AnthropicHeaders From(HttpRequest request)
    {
        var version = request.Headers["anthropic-version"].ToString();
        var beta = request.Headers["anthropic-beta"].ToString();
        return new AnthropicHeaders(version.Length > 0 ? version : DefaultVersion, beta.Length > 0 ? beta : null);
    }

    public void Apply(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("anthropic-version", Version);
        if (Beta is not null)
        {
            request.Headers.TryAddWithoutValidation("anthropic-beta", Beta);
        }
    }
}
