namespace FlexiAI.Api.Admission;

/// <summary>
/// The routes whose requests reach providers: admission control and the rate limits apply to them alone
/// (<c>/v1/chat/completions</c>, <c>/v1/messages</c>, <c>/v1/embeddings</c>, <c>/v1/responses</c>, <c>/chat</c>).
/// </summary>
internal static class ProviderBoundPaths
{
    public static bool Matches(PathString path) =>
        path.StartsWithSegments("/v1/chat/completions") || path.StartsWithSegments("/v1/messages") ||
        path.StartsWithSegments("/v1/embeddings") || path.StartsWithSegments("/v1/responses") || path.StartsWithSegments("/chat");
}
