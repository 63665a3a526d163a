namespace FlexiAI.Api.Caching;

/// <summary>The form an answer is cached in; each has its own Redis key (<c>{prefix:cache:hash}:json|sse|sse-usage</c>).</summary>
internal enum CacheEntryKind
{
    /// <summary>A whole <c>chat.completion</c> body (from a non-streaming request).</summary>
    Json,

    /// <summary>Every event of a complete stream, <c>[DONE]</c> included, from a request without <c>stream_options.include_usage</c>.</summary>
    Sse,

    /// <summary>The same, from a request with <c>stream_options.include_usage</c> (it carries the usage chunk).</summary>
    SseWithUsage,
}
