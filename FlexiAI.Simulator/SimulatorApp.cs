using FlexiAI.Simulator.Apis;
using FlexiAI.Simulator.Extensions;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator;

/// <summary>
/// Builds the simulator: a fake LLM provider over real HTTP, speaking the OpenAI and Anthropic wire formats,
/// with faults injected on demand.
/// </summary>
public static class SimulatorApp
{
    /// <summary>
    /// Builds (does not start) the simulator. Tests start it in-process on a free port with
    /// <c>SimulatorApp.Create(["--urls", "http://127.0.0.1:0"])</c> and <c>StartAsync</c>, then read <c>app.Urls</c>.
    /// </summary>
    /// <param name="args">Command-line arguments, read as configuration (<c>--Simulator:ChunkDelayMs=20</c>).</param>
    /// <param name="configure">Applied after configuration binding, before defaults and validation.</param>
    public static WebApplication Create(string[] args, Action<SimulatorOptions>? configure = null) =>
        Create(args, configure, configureServices: null);

    /// <summary>As <see cref="Create(string[], Action{SimulatorOptions}?)"/>, then lets tests replace services
    /// (a <c>FakeTimeProvider</c> for <see cref="TimeProvider"/>).</summary>
    internal static WebApplication Create(
        string[] args,
        Action<SimulatorOptions>? configure,
        Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
        });

        builder.AddServiceDefaults();
        builder.AddSimulatorServices(configure);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        app.MapDefaultEndpoints();
        app.MapProvidersApi();
        app.MapOpenAIApi();
        app.MapAnthropicApi();
        app.MapFaultsApi();
        app.MapStatsApi();
        app.MapRequestsApi();
        app.MapTelemetrySinkApi();

        app.Lifetime.ApplicationStarted.Register(() => LogProviders(app));
        return app;
    }

    private static void LogProviders(WebApplication app)
    {
        var registry = app.Services.GetRequiredService<ProviderRegistry>();
        foreach (var provider in registry.All)
        {
            SimulatorLog.ProviderReady(app.Logger, provider.Name, provider.ProtocolName, provider.Model);
        }
    }
}
