using FlexiAI.Api.Extensions;

namespace FlexiAI.Api;

/// <summary>Builds the gateway; <c>Program.cs</c> runs it, tests start it on a loopback port.</summary>
public static class GatewayApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGatewayApi();
        return app;
    }
}
