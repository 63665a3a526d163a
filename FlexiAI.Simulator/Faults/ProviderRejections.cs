namespace FlexiAI.Simulator.Faults;

/// <summary>The fault modes that answer with a provider's own error (a rejected key, an unknown model, a prompt too long, ...).</summary>
internal static class ProviderRejections
{
    /// <summary>True for the modes answered by <see cref="Protocols.ProviderProtocol.Rejection"/>.</summary>
    public static bool IsRejection(this FaultMode mode) => Status(mode) != 0;

    /// <summary>The HTTP status a real provider answers the mode with; 0 for other modes.</summary>
    public static int Status(FaultMode mode) => mode switch
    {
        FaultMode.Auth => StatusCodes.Status401Unauthorized,
        FaultMode.Permission => StatusCodes.Status403Forbidden,
        FaultMode.NotFound => StatusCodes.Status404NotFound,
        FaultMode.ContextLength or FaultMode.ContentFilter => StatusCodes.Status400BadRequest,
        FaultMode.RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => 0,
    };
}
