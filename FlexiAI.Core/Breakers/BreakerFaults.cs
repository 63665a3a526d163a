namespace FlexiAI.Breakers;

/// <summary>
/// Failures that are the gateway's configuration at fault (a rejected key, an unknown model or deployment): their
/// <c>error_type</c> labels and the words their breaker descriptions carry, so <c>/providers</c>, the web board and the
/// transition log can tell them from an outage using only the breaker's shared <see cref="BreakerState.LastError"/>.
/// </summary>
public static class BreakerFaults
{
    /// <summary>HTTP 401/403: the <c>error_type</c> label.</summary>
    public const string Auth = "auth";

    /// <summary>HTTP 404: the <c>error_type</c> label.</summary>
    public const string NotFound = "not_found";

    /// <summary>Ends the description of a 401/403 failure ("HTTP 401 credentials rejected").</summary>
    public const string CredentialsRejected = "credentials rejected";

    /// <summary>Ends the description of a 404 failure ("HTTP 404 model or deployment not found").</summary>
    public const string ModelNotFound = "model or deployment not found";

    /// <summary><see cref="Auth"/>, <see cref="NotFound"/>, or null for any other (or no) last error.</summary>
    public static string? TypeOf(string? lastError) =>
        lastError is null ? null
        : lastError.EndsWith(CredentialsRejected, StringComparison.Ordinal) ? Auth
        : lastError.EndsWith(ModelNotFound, StringComparison.Ordinal) ? NotFound
        : null;
}
