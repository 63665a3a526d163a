using System.Text.Json.Serialization;

namespace FlexiAI.Simulator.Faults;

/// <summary>Body of <c>PUT /faults/{provider}</c>: every field but <c>mode</c> is optional.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record FaultRequest(
    string? Mode,
    int? Status,
    int? RetryAfterS,
    int? LatencyMs,
    double? ErrorRate,
    int? AfterChunks)
{
    private static readonly Dictionary<string, FaultMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ok"] = FaultMode.Ok,
        ["error"] = FaultMode.Error,
        ["rate_limit"] = FaultMode.RateLimit,
        ["timeout"] = FaultMode.Timeout,
        ["slow"] = FaultMode.Slow,
        ["malformed"] = FaultMode.Malformed,
        ["drop_mid_stream"] = FaultMode.DropMidStream,
        ["auth"] = FaultMode.Auth,
        ["permission"] = FaultMode.Permission,
        ["not_found"] = FaultMode.NotFound,
        ["context_length"] = FaultMode.ContextLength,
        ["request_too_large"] = FaultMode.RequestTooLarge,
        ["content_filter"] = FaultMode.ContentFilter,
    };

    /// <summary>Checks the request and fills in the defaults.</summary>
    /// <returns>The fault to store, or <see langword="null"/> with <paramref name="errors"/> naming each bad field.</returns>
    public FaultSettings? Validate(out Dictionary<string, string[]> errors)
    {
        errors = [];
        FaultMode mode = FaultMode.Ok;
        if (string.IsNullOrEmpty(Mode))
        {
            errors["mode"] = [$"mode is required; use one of {string.Join(", ", Modes.Keys)}."];
        }
        else if (!Modes.TryGetValue(Mode, out mode))
        {
            errors["mode"] = [$"mode '{Mode}' is not known; use one of {string.Join(", ", Modes.Keys)}."];
        }

        if (Status is < 400 or > 599)
        {
            errors["status"] = [$"status must be between 400 and 599, not {Status}."];
        }

        if (ErrorRate is { } rate && (double.IsNaN(rate) || rate < 0 || rate > 1))
        {
            errors["error_rate"] = [$"error_rate must be between 0 and 1, not {rate}."];
        }

        NotNegative(errors, "retry_after_s", RetryAfterS);
        NotNegative(errors, "latency_ms", LatencyMs);
        NotNegative(errors, "after_chunks", AfterChunks);

        if (errors.Count > 0)
        {
            return null;
        }

        return new FaultSettings(
            mode,
            Status ?? (ProviderRejections.Status(mode) is > 0 and var rejection ? rejection : FaultSettings.DefaultStatus),
            RetryAfterS ?? FaultSettings.DefaultRetryAfterS,
            LatencyMs ?? 0,
            ErrorRate ?? FaultSettings.DefaultErrorRate,
            AfterChunks ?? FaultSettings.DefaultAfterChunks);
    }

    private static void NotNegative(Dictionary<string, string[]> errors, string field, int? value)
    {
        if (value < 0)
        {
            errors[field] = [$"{field} must not be negative, not {value}."];
        }
    }
}
