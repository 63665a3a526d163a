using FlexiAI.Web.Board;
using FlexiAI.Web.Gateway;
using FlexiAI.Web.Simulator;
using Microsoft.Extensions.Options;

namespace FlexiAI.Web.Extensions;

/// <summary>All of the web UI's dependency wiring.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();

        // The simulator is optional: the fault controls show only when service discovery (or Ui:Simulator) names one.
        var simulatorKnown = builder.Configuration.GetSection("services:simulator").Exists();
        services.AddOptions<WebUiOptions>()
            .Bind(builder.Configuration.GetSection(WebUiOptions.Section))
            .PostConfigure(options => options.Simulator ??= simulatorKnown ? new Uri("https+http://simulator") : null)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);

        // Timeouts are per call (a poll gives up after 2 s; a chat runs until it ends or the user stops it), so the
        // client-wide one is off. No retry handler: a failed poll is shown as it is and the next poll tries again.
        services.AddHttpClient(GatewayClient.HttpClientName, (provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<WebUiOptions>>().Value.Gateway;
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.AddHttpClient(SimulatorClient.HttpClientName, (provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<WebUiOptions>>().Value.Simulator;
            http.Timeout = TimeSpan.FromSeconds(10);
        });

        services.AddSingleton<GatewayClient>();
        services.AddSingleton<IProviderAdmin>(provider => provider.GetRequiredService<GatewayClient>());
        services.AddSingleton<SimulatorClient>();
        services.AddSingleton<IFaultControl>(provider => provider.GetRequiredService<SimulatorClient>());

        // One poller for every open page: the timeline keeps its history across page loads.
        services.AddSingleton<ClusterMonitor>();
        services.AddSingleton<IClusterFeed>(provider => provider.GetRequiredService<ClusterMonitor>());
        services.AddHostedService(provider => provider.GetRequiredService<ClusterMonitor>());
        return builder;
    }
}
