namespace FlexiAI.Api.Hosting;

/// <summary>While draining, every HTTP/1.1 answer says <c>Connection: close</c>, so kept-alive clients reconnect to another replica.</summary>
internal sealed class DrainingConnectionMiddleware(RequestDelegate next, GatewayLifecycle lifecycle)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (lifecycle.Phase == GatewayPhase.Draining && HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
        return next(context);
    }
}
