using FlexiAI.Api.OpenAI;
using FlexiAI.Api.PassThrough;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>
/// Writes a stream whose first event has arrived. From here there is no failing over: if the provider's stream
/// breaks, the caller gets an error event (never a silent truncation) and the failure counts against the provider.
/// Routes with <c>StreamContinuation</c> use <see cref="Continuation.ContinuingStreamResult"/> instead.
/// </summary>
/// <param name="ending">The API's final and error events; Chat Completions' when null.</param>
internal sealed class StreamingResult(RouteResult<IChatEventStream> result, StreamEnding? ending = null) : IResult
{
    private readonly StreamEnding _ending = ending ?? StreamEnding.ChatCompletions;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var completion = result.Completion!;
        var stream = result.Value;
        SetHeaders(response, result);

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
                    failure = Interrupted(exception, completion);
                    break;
                }
                if (!more)
                {
                    if (!stream.Finished)
                    {
                        failure = _ending.EndedEarly;
                    }
                    break;
                }
                await response.Body.WriteAsync(stream.Current, aborted);
                await response.Body.FlushAsync(aborted);
            }

            if (failure is not null)
            {
                await response.Body.WriteAsync(_ending.ErrorEvent(BrokenMessage(result.Provider.Name, failure)), aborted);
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

    /// <summary>A chat stream that ended without <c>[DONE]</c>.</summary>
    internal static ProviderFailure EndedEarly => StreamEnding.ChatCompletions.EndedEarly;

    /// <summary>The routing and event-stream headers of a streamed answer.</summary>
    internal static void SetHeaders(HttpResponse response, RouteResult<IChatEventStream> result)
    {
        GatewayHeaders.SetRouting(response, result.Provider.Name, result.Attempts.Count);
        ProviderHeaderWriter.Apply(response, result.Value.ProviderHeaders);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>A read of the stream failed after it started: the provider's failure, as an interrupted stream.</summary>
    internal static ProviderFailure Interrupted(Exception exception, AttemptCompletion completion) =>
        FailureClassifier.Classify(exception, completion.TimedOut, completion.Provider.Options.Timeout) with { Kind = FailureKind.StreamInterrupted };

    /// <summary>The error event that ends a stream that broke: the caller must not take it for a whole answer.</summary>
    internal static byte[] BrokenEvent(string provider, ProviderFailure failure) =>
        StreamEnding.ChatCompletions.ErrorEvent(BrokenMessage(provider, failure));

    private static string BrokenMessage(string provider, ProviderFailure failure) =>
        $"The stream from provider {provider} broke after it started ({failure.Description}); the answer is incomplete.";
}
