using System.Text.Json;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.OpenAI;

/// <summary>Writes errors in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAIErrorWriter
{
    /// <summary>The error's bytes (<see cref="OpenAIError.Serialize"/>), for middleware that writes the response itself.</summary>
    public static byte[] Serialize(string message, string type, string? param = null, string? code = null) =>
        OpenAIError.Serialize(message, type, param, code);

    public static IResult Result(int status, string message, string type, string? param = null, string? code = null) =>
        Results.Text(Serialize(message, type, param, code), "application/json", statusCode: status);

    public static IResult BadRequest(RequestError error) =>
        Result(StatusCodes.Status400BadRequest, error.Message, "invalid_request_error", error.Param);

    /// <summary>404 <c>model_not_found</c> listing the names the caller may use (and saying that <c>provider/model</c> works too).</summary>
    public static IResult ModelNotFound(string model, IEnumerable<string> choices) =>
        Result(StatusCodes.Status404NotFound,
            $"The model '{model}' does not exist. Available: {string.Join(", ", choices)}; or provider/model (a configured provider's name, then any model of it).",
            "invalid_request_error", "model", "model_not_found");

    /// <summary>Maps a routing failure; sets Retry-After when the router knows when to come back.</summary>
    public static IResult FromRouting(RoutingException exception, HttpResponse response)
    {
        if (exception.RetryAfter is { } retryAfter)
        {
            response.Headers[HeaderNames.RetryAfter] = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return exception.Reason switch
        {
            RoutingFailureReason.NoProviderAvailable =>
                Result(StatusCodes.Status503ServiceUnavailable, exception.Message, "service_unavailable", code: "no_provider_available"),
            RoutingFailureReason.RejectedByProvider => Rejected(exception),
            _ => Result(StatusCodes.Status502BadGateway, exception.Message, "api_error", code: "all_providers_failed"),
        };
    }

    private static IResult Rejected(RoutingException exception)
    {
        var rejection = exception.Rejection!;
        if (rejection.Failure.Kind == FailureKind.GatewayError)
        {
            // Secret-free: the exception's type, never its message (which may hold request content).
            return Result(StatusCodes.Status500InternalServerError,
                $"The gateway failed while handling the request ({rejection.Failure.Description}); the provider was not blamed.",
                "server_error", code: "internal_error");
        }
        var status = (int?)rejection.StatusCode ?? StatusCodes.Status400BadRequest;
        // An OpenAI-protocol provider's error is already in the caller's format: return it as sent.
        if (!rejection.Body.IsEmpty && IsOpenAIError(rejection.Body.Span))
        {
            return Results.Text(rejection.Body.Span, "application/json", statusCode: status);
        }
        var detail = rejection.InnerException?.Message ?? rejection.Message;
        return Result(status, $"The provider rejected the request: {detail}", "invalid_request_error", code: "provider_rejected_request");
    }

    private static bool IsOpenAIError(ReadOnlySpan<byte> body)
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
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.StartObject;
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
