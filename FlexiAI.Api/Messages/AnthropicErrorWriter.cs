using System.Text.Encodings.Web;
using System.Text.Json;
using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.Messages;

/// <summary>
/// Errors on the Anthropic routes (<c>/v1/messages</c>, <c>/v1/messages/count_tokens</c>) in Anthropic's shape:
/// <c>{"type":"error","error":{"type","message"}}</c>, with Anthropic's error type for each status.
/// </summary>
public static class AnthropicErrorWriter
{
    public static byte[] Serialize(string type, string message)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Anthropic's error type for an HTTP status.</summary>
    public static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        504 => "timeout_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    public static IResult Result(int status, string message) =>
        Results.Text(Serialize(TypeOf(status), message), "application/json", statusCode: status);

    public static IResult BadRequest(RequestError error) => Result(StatusCodes.Status400BadRequest, error.Message);

    /// <summary>404 <c>not_found_error</c> listing the names the caller may use, as <see cref="OpenAIErrorWriter.ModelNotFound"/> does.</summary>
    public static IResult ModelNotFound(string model, IEnumerable<string> choices) =>
        Result(StatusCodes.Status404NotFound,
            $"model: The model '{model}' does not exist. Available: {string.Join(", ", choices)}; or provider/model (a configured provider's name, then any model of it).");

    /// <summary>An error event for a stream that broke after it started (Anthropic's <c>event: error</c>).</summary>
    public static byte[] ErrorEvent(string message)
    {
        var json = Serialize("api_error", message);
        return [.. "event: error\ndata: "u8, .. json, .. "\n\n"u8];
    }

    /// <summary>Maps a routing failure like <see cref="OpenAIErrorWriter.FromRouting"/>, in Anthropic's shape.</summary>
    public static IResult FromRouting(RoutingException exception, HttpResponse response)
    {
        if (exception.RetryAfter is { } retryAfter)
        {
            response.Headers[HeaderNames.RetryAfter] = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return exception.Reason switch
        {
            RoutingFailureReason.NoProviderAvailable => Result(StatusCodes.Status503ServiceUnavailable, exception.Message),
            RoutingFailureReason.RejectedByProvider => Rejected(exception),
            _ => Result(StatusCodes.Status502BadGateway, exception.Message),
        };
    }

    private static IResult Rejected(RoutingException exception)
    {
        var rejection = exception.Rejection!;
        if (rejection.Failure.Kind == FailureKind.GatewayError)
        {
            return Result(StatusCodes.Status500InternalServerError,
                $"The gateway failed while handling the request ({rejection.Failure.Description}); the provider was not blamed.");
        }
        var status = (int?)rejection.StatusCode ?? StatusCodes.Status400BadRequest;
        // An Anthropic-protocol provider's error is already in the caller's format: return it as sent.
        if (!rejection.Body.IsEmpty && IsAnthropicError(rejection.Body.Span))
        {
            return Results.Text(rejection.Body.Span, "application/json", statusCode: status);
        }
        var detail = rejection.InnerException?.Message ?? rejection.Message;
        return Result(status, $"The provider rejected the request: {detail}");
    }

    private static bool IsAnthropicError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
                }
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }
}
