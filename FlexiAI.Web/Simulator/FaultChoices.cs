using System.Globalization;

namespace FlexiAI.Web.Simulator;

/// <summary>Maps <see cref="FaultChoice"/> to the simulator's fault bodies and back, and names each for people.</summary>
public static class FaultChoices
{
    /// <summary>Latency of the <see cref="FaultChoice.Slow"/> fault.</summary>
    public const int SlowLatencyMs = 5000;

    /// <summary>The buttons, in the order shown.</summary>
    public static IReadOnlyList<FaultChoice> Offered { get; } =
        [FaultChoice.Ok, FaultChoice.Error500, FaultChoice.RateLimit, FaultChoice.Timeout, FaultChoice.Slow, FaultChoice.DropMidStream, FaultChoice.KeyRejected];

    public static string Label(this FaultChoice choice) => choice switch
    {
        FaultChoice.Ok => "OK",
        FaultChoice.Error500 => "Error 500",
        FaultChoice.RateLimit => "429 rate limit",
        FaultChoice.Timeout => "Timeout",
        FaultChoice.Slow => "Slow 5 s",
        FaultChoice.DropMidStream => "Drop mid-stream",
        FaultChoice.KeyRejected => "Key rejected 401",
        _ => "Other",
    };

    public static FaultSettings ToSettings(this FaultChoice choice) => choice switch
    {
        FaultChoice.Ok => new("ok"),
        FaultChoice.Error500 => new("error", Status: 500),
        FaultChoice.RateLimit => new("rate_limit", RetryAfterS: 10),
        FaultChoice.Timeout => new("timeout"),
        FaultChoice.Slow => new("slow", LatencyMs: SlowLatencyMs),
        FaultChoice.DropMidStream => new("drop_mid_stream"),
        FaultChoice.KeyRejected => new("auth"),
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Not a fault the UI sets."),
    };

    /// <summary>The button that describes <paramref name="fault"/>, or <see cref="FaultChoice.Other"/>.</summary>
    public static FaultChoice FromSettings(FaultSettings? fault)
    {
        if (fault is null)
        {
            return FaultChoice.Ok;
        }

        var always = fault.ErrorRate is null or >= 1.0;
        return fault.Mode switch
        {
            "ok" when fault.LatencyMs is null or 0 => FaultChoice.Ok,
            "error" when always && fault.Status is null or 500 => FaultChoice.Error500,
            "rate_limit" when always => FaultChoice.RateLimit,
            "timeout" when always => FaultChoice.Timeout,
            "slow" when always && fault.LatencyMs is null or 0 or SlowLatencyMs => FaultChoice.Slow,
            "drop_mid_stream" when always => FaultChoice.DropMidStream,
            "auth" when always => FaultChoice.KeyRejected,
            _ => FaultChoice.Other,
        };
    }

    /// <summary>The fault in words: <c>healthy</c>, <c>error 503, 30 % of calls</c>, ...</summary>
    public static string Describe(FaultSettings? fault)
    {
        if (fault is null || (fault.Mode == "ok" && fault.LatencyMs is null or 0))
        {
            return "healthy";
        }

        var text = fault.Mode switch
        {
            "ok" => $"healthy, +{fault.LatencyMs} ms",
            "error" => $"error {fault.Status ?? 500}",
            "rate_limit" => $"429, Retry-After {fault.RetryAfterS ?? 10} s",
            "timeout" => "timeout (never answers)",
            "slow" => $"slow, {(fault.LatencyMs is null or 0 ? SlowLatencyMs : fault.LatencyMs)} ms",
            "malformed" => "malformed answers",
            "drop_mid_stream" => "drops mid-stream",
            "auth" => "key rejected (401)",
            "permission" => "permission denied (403)",
            "not_found" => "model not found (404)",
            "context_length" => "prompt too long (400)",
            "request_too_large" => "request too large (413)",
            "content_filter" => "content filter (400)",
            _ => fault.Mode,
        };
        return fault.ErrorRate is { } rate and < 1.0
            ? string.Create(CultureInfo.InvariantCulture, $"{text}, {rate * 100:0} % of calls")
            : text;
    }
}
