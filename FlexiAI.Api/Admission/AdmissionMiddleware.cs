using FlexiAI.Api.OpenAI;
using Microsoft.Net.Http.Headers;

namespace FlexiAI.Api.Admission;

/// <summary>
/// Admission control for the routes that reach providers (<c>/v1/chat/completions</c>, <c>/v1/messages</c>, <c>/chat</c>): at most
/// <c>FlexiAI:Limits:MaxConcurrentRequests</c> in flight on this replica, streams counted until their last byte. Beyond
/// it a request gets 503 <c>replica_overloaded</c> with <c>Retry-After: 1</c> at once, without reading its body, so a
/// flood costs little and what was admitted keeps its memory and threads.
/// </summary>
internal sealed class AdmissionMiddleware(RequestDelegate next, InFlightRequests inFlight)
{
    private static readonly byte[] RefusalBody = OpenAIErrorWriter.Serialize(
        "This gateway replica has as many requests in flight as it accepts (FlexiAI:Limits:MaxConcurrentRequests); retry shortly.",
        "service_unavailable", null, "replica_overloaded");

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1/chat/completions") && !path.StartsWithSegments("/v1/messages") && !path.StartsWithSegments("/chat"))
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

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers[HeaderNames.RetryAfter] = "1";
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = RefusalBody.Length;
        return context.Response.Body.WriteAsync(RefusalBody).AsTask();
    }
}
