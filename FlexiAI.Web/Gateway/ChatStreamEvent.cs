namespace FlexiAI.Web.Gateway;

/// <summary>What a streamed chat completion delivers, in order: <see cref="Started"/>, then deltas, usage and the end.</summary>
public abstract record ChatStreamEvent
{
    private ChatStreamEvent()
    {
    }

    /// <summary>The gateway accepted the request and the first event is on its way; the headers say who serves it.</summary>
    public sealed record Started(ChatRouting Routing) : ChatStreamEvent;

    /// <summary>Text of the answer.</summary>
    public sealed record Delta(string Text) : ChatStreamEvent;

    /// <summary>A choice finished (<c>stop</c>, <c>length</c>, ...).</summary>
    public sealed record Finished(string Reason) : ChatStreamEvent;

    /// <summary>Token counts, from the usage chunk (<c>stream_options.include_usage</c>).</summary>
    public sealed record Usage(int PromptTokens, int CompletionTokens) : ChatStreamEvent;

    /// <summary>
    /// The gateway's trailer of a continued stream (<c>flexiai_continuation</c>): the providers whose streams broke, the one
    /// that continued the answer, and at which character of the answer it took over.
    /// </summary>
    public sealed record Continued(IReadOnlyList<string> From, string Provider, int Offset) : ChatStreamEvent;

    /// <summary>The stream broke after it started; the answer so far is incomplete.</summary>
    public sealed record Failed(GatewayError Error) : ChatStreamEvent;
}
