using System.Globalization;
using System.Text.Json;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Providers;
using FlexiAI.Simulator.Requests;
using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Protocols;

/// <summary>
/// Answers one chat call whatever its protocol: finds the provider, counts the call, reads the request, applies
/// the provider's fault, then answers (JSON or server-sent events) in the protocol's wire format.
/// </summary>
internal sealed class ChatCallPipeline(
    ProviderRegistry registry,
    FaultRoller roller,
    RequestRecorder recorder,
    TimeProvider timeProvider,
    IOptions<SimulatorOptions> options,
    ILogger<ChatCallPipeline> logger)
{
    private static readonly ReadOnlyMemory<byte> MalformedEvent = "data: {not json\n\n"u8.ToArray();

    public async Task<IResult> HandleAsync(string providerName, ProviderProtocol protocol, HttpContext context)
    {
        if (!registry.TryGet(providerName, out var provider) || provider.Protocol != protocol.Kind)
        {
            return protocol.Error(StatusCodes.Status404NotFound, UnknownProvider(providerName, protocol));
        }

        var cancellationToken = context.RequestAborted;
        var call = provider.Stats.CountCall();
        protocol.WriteProviderHeaders(context.Response, call);
        try
        {
            ParseResult parsed;
            try
            {
                parsed = await protocol.ParseAsync(await RecordAsync(provider.Name, context.Request, cancellationToken), cancellationToken);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a string that is not valid UTF-8, found when it is read.
                parsed = ParseResult.Invalid($"The request body is not valid JSON for this API: {ex.Message}");
            }

            if (parsed.Request is not { } request)
            {
                var reason = parsed.Error ?? "invalid request";
                provider.Stats.Count(CallOutcome.BadRequest);
                SimulatorLog.BadRequest(logger, call, provider.Name, reason);
                return protocol.Error(StatusCodes.Status400BadRequest, reason);
            }

            if (request.Stream)
            {
                provider.Stats.CountStreaming();
            }

            var fault = provider.Fault;
            var hit = fault.Mode != FaultMode.Ok && roller.Hits(fault);
            var mode = hit ? fault.Mode : FaultMode.Ok;
            var delay = hit ? fault.HitDelay()
                : fault.Mode == FaultMode.Ok ? TimeSpan.FromMilliseconds(fault.LatencyMs)
                : TimeSpan.Zero;
            provider.Stats.Count(Outcome(mode));
            if (hit)
            {
                SimulatorLog.FaultInjected(logger, mode, call, provider.Name);
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, timeProvider, cancellationToken);
            }

            switch (mode)
            {
                case FaultMode.Error:
                    return protocol.Error(fault.Status, $"Simulated error {fault.Status} from provider '{provider.Name}'.");
                case FaultMode.RateLimit:
                    context.Response.Headers.RetryAfter = fault.RetryAfterS.ToString(CultureInfo.InvariantCulture);
                    return protocol.RateLimited(
                        $"Simulated rate limit on provider '{provider.Name}'. Please try again in {fault.RetryAfterS}s.");
                case FaultMode.Timeout:
                    await HangAsync(context, provider, call, cancellationToken);
                    return Results.Empty;
                case var rejection when rejection.IsRejection():
                    return protocol.Rejection(rejection, request.Model ?? provider.Model, request.PromptTokens);
            }

            var answer = AnswerGenerator.Create(protocol.IdPrefix, protocol.IdsFromRequest, provider, request, call, timeProvider.GetUtcNow(),
                registry.All.Where(p => p != provider).Select(p => p.Name));
            if (request.Stream)
            {
                await StreamAsync(context, protocol, answer, request, mode, fault, cancellationToken);
                return Results.Empty;
            }

            var body = protocol.Completion(answer, request);
            switch (mode)
            {
                case FaultMode.Malformed:
                    // A JSON object cut in half: the right status and content type, a body no parser accepts.
                    return TypedResults.Bytes(body.AsMemory(0, body.Length / 2).ToArray(), "application/json");
                case FaultMode.DropMidStream:
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.ContentType = "application/json";
                    await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    throw new SimulatedConnectionDropException(
                        $"Simulated drop_mid_stream fault: connection dropped on purpose after {body.Length / 2} of {body.Length} bytes.");
                default:
                    return TypedResults.Bytes(body, "application/json");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away (or gave up on a hang): nothing to answer.
            return Results.Empty;
        }
    }

    /// <summary>The body to parse: the request's own stream, or (while requests are recorded) a copy of the body, recorded.</summary>
    private async ValueTask<Stream> RecordAsync(string provider, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!recorder.Enabled)
        {
            return request.Body;
        }
        var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken);
        recorder.Record(provider, request, copy.GetBuffer().AsSpan(0, (int)copy.Length));
        copy.Position = 0;
        return copy;
    }

    private async Task StreamAsync(
        HttpContext context,
        ProviderProtocol protocol,
        Answer answer,
        ChatRequestSummary request,
        FaultMode mode,
        FaultSettings fault,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sse = new SseWriter(
            context,
            timeProvider,
            TimeSpan.FromMilliseconds(settings.TimeToFirstTokenMs),
            TimeSpan.FromMilliseconds(settings.ChunkDelayMs),
            mode == FaultMode.DropMidStream ? fault.AfterChunks : null);
        await sse.StartAsync(cancellationToken);
        if (mode == FaultMode.Malformed)
        {
            await sse.WriteRawAsync(MalformedEvent, cancellationToken);
            return;
        }

        await protocol.StreamAsync(sse, answer, request.IncludeUsage, cancellationToken);
    }

    private async Task HangAsync(HttpContext context, SimulatedProvider provider, long call, CancellationToken cancellationToken)
    {
        var seconds = options.Value.HangTimeoutSeconds;
        await Task.Delay(TimeSpan.FromSeconds(seconds), timeProvider, cancellationToken);
        SimulatorLog.HangExpired(logger, call, provider.Name, seconds);
        context.Abort();
    }

    private string UnknownProvider(string name, ProviderProtocol protocol)
    {
        var known = string.Join(", ", registry.All.Where(p => p.Protocol == protocol.Kind).Select(p => p.Name));
        return $"No simulated provider '{name}' speaks this protocol. Providers that do: {(known.Length > 0 ? known : "none")}.";
    }

    private static CallOutcome Outcome(FaultMode mode) => mode switch
    {
        FaultMode.Error => CallOutcome.Error,
        _ when mode.IsRejection() => CallOutcome.Error,
        FaultMode.RateLimit => CallOutcome.RateLimit,
        FaultMode.Timeout => CallOutcome.Timeout,
        FaultMode.Slow => CallOutcome.Slow,
        FaultMode.Malformed => CallOutcome.Malformed,
        FaultMode.DropMidStream => CallOutcome.DropMidStream,
        _ => CallOutcome.Ok,
    };
}
