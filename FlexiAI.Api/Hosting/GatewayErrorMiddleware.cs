using FlexiAI.Api.Apis;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Stamps every response with the replica id, and turns what the framework would answer with an empty body or a
/// stack trace (bad framing, body too large, unknown route, unexpected exception) into JSON errors in the route's shape
/// (<see cref="ErrorShape"/>: Anthropic's under <c>/v1/messages</c>, OpenAI's elsewhere).
/// </summary>
internal sealed partial class GatewayErrorMiddleware(RequestDelegate next, ReplicaIdentity replica, ILogger<GatewayErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers[GatewayHeaders.Replica] = replica.Id;
        try
        {
            await next(context);
            if (context.Response is { HasStarted: false, StatusCode: StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed }
                && context.Response.ContentLength is null && context.Response.ContentType is null)
            {
                var message = context.Response.StatusCode == StatusCodes.Status404NotFound
                    ? $"Unknown path {context.Request.Path.Value?[..Math.Min(context.Request.Path.Value.Length, 100)]}."
                    : $"Method {context.Request.Method} is not allowed here.";
                await WriteAsync(context, context.Response.StatusCode, message, "invalid_request_error");
            }
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, exception.StatusCode, exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than the gateway accepts (FlexiAI:Limits:MaxRequestBytes)."
                : $"Bad request: {exception.Message}", "invalid_request_error");
        }
        catch (EndOfStreamException) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is shorter than its Content-Length.", "invalid_request_error");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away.
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, context.Request.Path, exception);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "The gateway failed to process the request.", "server_error");
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string message, string type)
    {
        context.Response.Clear();
        context.Response.Headers[GatewayHeaders.Replica] = context.RequestServices.GetRequiredService<ReplicaIdentity>().Id;
        return ErrorShape.WriteAsync(context, status, message, type);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, PathString path, Exception exception);
}
