namespace FlexiAI.Routing;

public enum RoutingFailureReason
{
    /// <summary>A provider rejected the request as invalid (4xx other than 408/429): returned to the caller as is.</summary>
    RejectedByProvider,
    /// <summary>Every provider's breaker is open: 503 with Retry-After.</summary>
    NoProviderAvailable,
    /// <summary>Every provider that was tried failed: 502.</summary>
    AllProvidersFailed,
}
