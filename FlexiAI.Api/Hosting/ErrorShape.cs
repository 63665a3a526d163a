using FlexiAI.Api.Messages;
using FlexiAI.Api.OpenAI;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// The one place that decides, by route, the shape of an error the gateway answers itself (key denials, the rate
/// limiter's 429, admission's 503, the framework's 404/405/413/400/500, routing failures): Anthropic's
/// <c>{"type":"error","error":{"type","message"}}</c> on the Anthropic routes (<c>/v1/messages</c> and below, with
/// Anthropic's error type for the status, <see cref="AnthropicErrorWriter.TypeOf"/>), OpenAI's
/// <c>{"error":{"message","type","param","code"}}</c> everywhere else.
/// </summary>
internal static class ErrorShape
{
    /// <summary>True on the routes whose callers speak Anthropic's API.</summary>
    public static bool IsAnthropic(PathString path) => path.StartsWithSegments("/v1/messages");

    /// <summary>The error's bytes in the shape of the route it answers.</summary>
    /// <param name="anthropic">Whether the route is an Anthropic one (<see cref="IsAnthropic"/>).</param>
    /// <param name="status">The HTTP status (it gives the Anthropic error type).</param>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="type">OpenAI's error type.</param>
    /// <param name="code">OpenAI's error code.</param>
    /// <param name="param">OpenAI's <c>param</c>.</param>
    public static byte[] Body(bool anthropic, int status, string message, string type, string? code = null, string? param = null) =>
        anthropic
            ? AnthropicErrorWriter.Serialize(AnthropicErrorWriter.TypeOf(status), message)
            : OpenAIErrorWriter.Serialize(message, type, param, code);

    /// <summary>Writes the error as the whole response (status, JSON content type and length, body).</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? code = null, string? param = null,
        CancellationToken cancellationToken = default)
    {
        var body = Body(IsAnthropic(context.Request.Path), status, message, type, code, param);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken).AsTask();
    }
}
