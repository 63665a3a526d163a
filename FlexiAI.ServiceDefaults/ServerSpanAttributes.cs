using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Gives ASP.NET Core's own server span (source <c>Microsoft.AspNetCore</c>) OpenTelemetry's HTTP attributes, as the
/// ASP.NET Core instrumentation package did and ASP.NET Core 11 does itself: <c>http.request.method</c>,
/// <c>url.scheme</c>, <c>url.path</c>, <c>server.address</c>, <c>server.port</c>, <c>user_agent.original</c>, then
/// <c>http.response.status_code</c>, <c>http.route</c> (and the span's name, <c>POST /v1/chat/completions</c>),
/// <c>network.protocol.version</c>, and <c>error.type</c> with an error status for an exception or a 5xx. Requests under
/// the given paths (probes, scrapes, the UI's board polls) are unmarked as sampled before anything else runs, so no span
/// of theirs is exported and, under the parent-based samplers (OpenTelemetry's default), nothing they call is recorded.
/// First in the pipeline (an <see cref="IStartupFilter"/>), only while spans are recorded; a request whose span is not
/// sampled costs one check. (ASP.NET Core 10's <c>SuppressActivityOpenTelemetryData</c> switch would set the first six
/// for every request, sampled or not: measured dearer, docs/benchmarks.md.)
/// </summary>
internal sealed class ServerSpanAttributes(params string[] unrecordedPaths) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
            context.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } span
                ? Trace(context, nextMiddleware, span)
                : nextMiddleware(context));
        next(app);
    };

    private Task Trace(HttpContext context, RequestDelegate next, Activity span)
    {
        var request = context.Request;
        if (Unrecorded(request.Path))
        {
            span.IsAllDataRequested = false;
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return next(context);
        }
        var method = HttpMethods.GetCanonicalizedValue(request.Method);
        var known = IsKnown(method);
        span.SetTag("http.request.method", known ? method : "_OTHER");
        if (!known)
        {
            span.SetTag("http.request.method_original", request.Method);
        }
        span.SetTag("url.scheme", request.Scheme);
        span.SetTag("url.path", request.PathBase.HasValue ? (request.PathBase + request.Path).ToString() : request.Path.Value ?? "/");
        if (request.Host.HasValue)
        {
            span.SetTag("server.address", request.Host.Host);
            span.SetTag("server.port", request.Host.Port ?? (request.IsHttps ? 443 : 80));
        }
        if (request.Headers.UserAgent is { Count: > 0 } userAgent && !string.IsNullOrEmpty(userAgent[0]))
        {
            span.SetTag("user_agent.original", userAgent[0]);
        }
        return CompleteAsync(context, next, span, known ? method : "HTTP");
    }

    private static async Task CompleteAsync(HttpContext context, RequestDelegate next, Activity span, string method)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            span.SetTag("error.type", exception.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error);
            Complete(context, span, method, StatusCodes.Status500InternalServerError);
            throw;
        }
        Complete(context, span, method, context.Response.StatusCode);
    }

    private static void Complete(HttpContext context, Activity span, string method, int status)
    {
        span.SetTag("http.response.status_code", status);
        span.SetTag("network.protocol.version", context.Request.Protocol switch
        {
            "HTTP/1.1" => "1.1",
            "HTTP/2" => "2",
            "HTTP/3" => "3",
            "HTTP/1.0" => "1.0",
            var other => other,
        });
        var endpoint = context.GetEndpoint();
        if ((endpoint?.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText) is { } route)
        {
            span.SetTag("http.route", route);
            span.DisplayName = method + " " + route;
        }
        else
        {
            span.DisplayName = method;
        }
        if (status >= 500 && span.Status != ActivityStatusCode.Error)
        {
            span.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    private bool Unrecorded(PathString path)
    {
        foreach (var prefix in unrecordedPaths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsKnown(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)
        || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPatch(method) || HttpMethods.IsTrace(method)
        || HttpMethods.IsConnect(method);
}
