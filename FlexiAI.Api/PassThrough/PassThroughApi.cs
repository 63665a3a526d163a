namespace FlexiAI.Api.PassThrough;

/// <summary>The OpenAI APIs the pass-through path carries: where each is posted and how its stream ends.</summary>
internal enum PassThroughApi
{
    /// <summary><c>/chat/completions</c>; a stream ends with <c>data: [DONE]</c>.</summary>
    ChatCompletions,

    /// <summary><c>/embeddings</c>; never streamed.</summary>
    Embeddings,

    /// <summary><c>/responses</c>; a stream ends with <c>response.completed</c>, <c>response.incomplete</c> or <c>response.failed</c>.</summary>
    Responses,
}
