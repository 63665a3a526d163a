namespace FlexiAI.Web.Gateway;

/// <summary>An error from the gateway, in OpenAI's shape (<c>{"error":{"message","type","param","code"}}</c>).</summary>
/// <param name="Message">The gateway's own message, shown as it is.</param>
/// <param name="Type">OpenAI error type (<c>api_error</c>, <c>service_unavailable</c>, ...).</param>
/// <param name="Code">Machine-readable code (<c>no_provider_available</c>, <c>stream_interrupted</c>, ...).</param>
/// <param name="Status">HTTP status, or none for an error event inside a stream.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> header, when the gateway sent one.</param>
public sealed record GatewayError(string Message, string? Type, string? Code, int? Status, int? RetryAfterSeconds = null);
