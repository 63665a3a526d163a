using System.Diagnostics;
using FlexiAI.Api.Apis;
using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;

namespace FlexiAI.Api.Continuation;

/// <summary>
/// Writes a stream on a route with <c>StreamContinuation</c>: as <see cref="StreamingResult"/>, and when the provider's
/// stream breaks after it started, the next available provider continues the same answer (<see cref="StreamContinuer"/>)
/// into the same response. The continuation's own first chunk (the role) is not repeated; before its <c>[DONE]</c> comes
/// the trailer (<see cref="ContinuationTrailer"/>). Each broken stream counts against its provider as always. A stream
/// with a tool call in progress, or with no provider left, ends with the error event.
/// </summary>
internal sealed class ContinuingStreamResult(RouteResult<IChatEventStream> result, StreamContinuer continuer, bool includeUsage) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        StreamingResult.SetHeaders(response, result);
        var services = httpContext.RequestServices.GetRequiredService<GatewayServices>();
        var aborted = httpContext.RequestAborted;
        var answer = new PartialAnswer();
        var broken = new List<Provider>();
        var part = result;
        var offset = 0;
        try
        {
            while (true)
            {
                var failure = await WritePartAsync(httpContext, services, part, answer, broken, offset);
                if (failure is null)
                {
                    return;
                }
                broken.Add(part.Provider);
                var breakAt = Stopwatch.GetTimestamp();
                var next = answer.ToolCallStarted ? null : await TryContinueAsync(answer.Text, broken, aborted);
                if (next is null)
                {
                    await response.Body.WriteAsync(StreamingResult.BrokenEvent(part.Provider.Name, failure), aborted);
                    await response.Body.FlushAsync(aborted);
                    return;
                }
                ContinuationLog.Continued(httpContext.RequestServices.GetRequiredService<ILogger<ContinuingStreamResult>>(), part.Provider.Name, next.Provider.Name, answer.Length,
                    Stopwatch.GetElapsedTime(breakAt).TotalMilliseconds);
                services.Telemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>("provider", next.Provider.Name));
                offset = answer.Length;
                part = next;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The caller went away; that says nothing about the provider.
        }
    }

    private async Task<RouteResult<IChatEventStream>?> TryContinueAsync(string partial, List<Provider> broken, CancellationToken aborted)
    {
        try
        {
            return await continuer.OpenAsync(partial, broken, aborted);
        }
        catch (RoutingException)
        {
            return null;
        }
    }

    /// <summary>Writes one provider's part of the answer; returns how it broke, or null when it ended whole.</summary>
    private async Task<ProviderFailure?> WritePartAsync(HttpContext httpContext, GatewayServices services, RouteResult<IChatEventStream> part,
        PartialAnswer answer, List<Provider> broken, int offset)
    {
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        var completion = part.Completion!;
        var stream = part.Value;
        var continuing = broken.Count > 0;
        ProviderFailure? failure = null;
        answer.StartPart();
        try
        {
            // A continuation's first event is its role chunk, already sent by the first part (unless it holds text).
            var skip = continuing;
            while (true)
            {
                var current = stream.Current;
                if (continuing && SseEvent.IsDone(current.Span))
                {
                    await response.Body.WriteAsync(Trailer(answer, broken, part.Provider.Name, offset, stream.Usage), aborted);
                }
                answer.Observe(current.Span);
                if (!skip || answer.PartChunks > 0 || answer.ToolCallStarted)
                {
                    await response.Body.WriteAsync(current, aborted);
                    await response.Body.FlushAsync(aborted);
                }
                skip = false;
                bool more;
                try
                {
                    more = await stream.MoveNextAsync(completion.Context.CancellationToken);
                    completion.Context.RestartTimeout();
                }
                catch (Exception exception) when (!aborted.IsCancellationRequested)
                {
                    failure = StreamingResult.Interrupted(exception, completion);
                    break;
                }
                if (!more)
                {
                    failure = stream.Finished ? null : StreamingResult.EndedEarly;
                    break;
                }
            }
        }
        finally
        {
            // A broken part never sent its usage: its output is counted as the content chunks it sent.
            var usage = failure is null ? stream.Usage : new TokenUsage(0, answer.PartChunks);
            usage?.Tag(completion.Activity);
            ChatCompletionsApi.RecordTokens(httpContext, services, part.Provider.Name, usage);
            _brokenTokens += failure is null ? 0 : answer.PartChunks;
            await stream.DisposeAsync();
            await completion.CompleteAsync(failure);
        }
        return failure;
    }

    private long _brokenTokens;

    /// <summary>The trailer; its usage (when the caller asked for usage) adds the broken parts' output to the last part's usage.</summary>
    private byte[] Trailer(PartialAnswer answer, List<Provider> broken, string provider, int offset, TokenUsage? lastUsage)
    {
        TokenUsage? usage = includeUsage
            ? new TokenUsage(lastUsage?.PromptTokens ?? 0, (lastUsage?.CompletionTokens ?? 0) + _brokenTokens, lastUsage?.CachedTokens ?? 0)
            : null;
        return ContinuationTrailer.Create(answer, [.. broken.Select(p => p.Name)], provider, offset, usage);
    }
}
