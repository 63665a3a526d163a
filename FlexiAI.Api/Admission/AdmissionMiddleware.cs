using FlexiAI.Api.Hosting;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.Admission;

/// <summary>
/// Admission control for the routes that reach providers (<see cref="ProviderBoundPaths"/>): at most
/// <c>FlexiAI:Limits:MaxConcurrentRequests</c> in flight on this replica, streams counted until their last byte. Beyond
/// it a request gets 503 <c>replica_overloaded</c> (Anthropic's <c>overloaded_error</c> on <c>/v1/messages</c>) with
/// <c>Retry-After: 1</c> at once, without reading its body, so a
/// flood costs little and what was admitted keeps its memory and threads.
/// </summary>
internal sealed class AdmissionMiddleware(RequestDelegate next, InFlightRequests inFlight)
{
    private const string RefusalMessage =
        "This gateway replica has as many requests in flight as it accepts (FlexiAI:Limits:MaxConcurrentRequests); retry shortly.";

    // Built once: a refusal costs no serialization. 503 in both shapes (Anthropic's type: overloaded_error; README,
    // "Errors on /v1/messages", says why not 529).
    private static readonly byte[] OpenAIRefusal = Refusal(anthropic: false);
    private static readonly byte[] AnthropicRefusal = Refusal(anthropic: true);

    public Task InvokeAsync(HttpContext context)
    {
        if (!ProviderBoundPaths.Matches(context.Request.Path))
        {
            return next(context);
        }
        return inFlight.TryEnter() ? RunAdmittedAsync(context) : RefuseAsync(context);
    }

    private async Task RunAdmittedAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            inFlight.Exit();
        }
    }

    private static byte[] Refusal(bool anthropic) =>
        ErrorShape.Body(anthropic, StatusCodes.Status503ServiceUnavailable, RefusalMessage, "service_unavailable", "replica_overloaded");

    private static Task RefuseAsync(HttpContext context)
    {
        var body = ErrorShape.IsAnthropic(context.Request.Path) ? AnthropicRefusal : OpenAIRefusal;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers[HeaderNames.RetryAfter] = "1";
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
