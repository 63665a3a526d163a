using FlexiAI.Api.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// Writes a stream whose first event has arrived. From here there is no failing over: if the provider's stream
/// breaks, the caller gets an error event (never a silent truncation) and the failure counts against the provider.
/// The error event is OpenAI's by default; the Messages API passes Anthropic's (<c>event: error</c>).
/// </summary>
internal sealed class StreamingResult(RouteResult<IChatEventStream> result, Func<string, byte[]>? errorEvent = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var completion = result.Completion!;
        var stream = result.Value;
        GatewayHeaders.SetRouting(response, result.Provider.Name, result.Attempts.Count);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        ProviderFailure? failure = null;
        var aborted = httpContext.RequestAborted;
        try
        {
            await response.Body.WriteAsync(stream.Current, aborted);
            await response.Body.FlushAsync(aborted);
            while (true)
            {
                bool more;
                try
                {
                    more = await stream.MoveNextAsync(completion.Context.CancellationToken);
                    completion.Context.RestartTimeout();
                }
                catch (Exception exception) when (!aborted.IsCancellationRequested)
                {
                    failure = FailureClassifier.Classify(exception, completion.TimedOut, result.Provider.Options.Timeout)
                        with { Kind = FailureKind.StreamInterrupted };
                    break;
                }
                if (!more)
                {
                    if (!stream.Finished)
                    {
                        failure = new ProviderFailure(FailureKind.StreamInterrupted, null, null, errorEvent is null ? "stream ended without [DONE]" : "stream ended without message_stop");
                    }
                    break;
                }
                await response.Body.WriteAsync(stream.Current, aborted);
                await response.Body.FlushAsync(aborted);
            }

            if (failure is not null)
            {
                var message = $"The stream from provider {result.Provider.Name} broke after it started ({failure.Description}); the answer is incomplete.";
                await response.Body.WriteAsync(errorEvent is null ? SseEvent.Error(message, "stream_interrupted") : errorEvent(message), aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The caller went away; that says nothing about the provider.
        }
        finally
        {
            // Streams count their tokens too (when the caller asked for the usage chunk), against the rate limit as well.
            stream.Usage?.Tag(completion.Activity);
            ChatCompletionsApi.RecordTokens(httpContext, httpContext.RequestServices.GetRequiredService<GatewayServices>(),
                result.Provider.Name, stream.Usage);
            await stream.DisposeAsync();
            await completion.CompleteAsync(failure);
        }
    }
}
