using System.Net;
using FlexiAI.Breakers;
using FlexiAI.Chat;
using FlexiAI.Options;
using FlexiAI.Probing;
using FlexiAI.Providers;
using FlexiAI.Redis;
using FlexiAI.Routing;
using FlexiAI.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FlexiAI in any .NET app: the router, the breakers and the router as an <see cref="IChatClient"/>.</summary>
public static class FlexiAIServiceCollectionExtensions
{
    /// <summary>
    /// Adds FlexiAI with options bound from the <c>FlexiAI</c> section of <paramref name="configuration"/>, then
    /// <paramref name="configure"/>. Options are validated at start-up: a bad value stops the host with a message
    /// that names the setting. Resolve <see cref="IChatClient"/> (or <see cref="FlexiAIChatClient"/>) to use it.
    /// To put middleware around the router (function invocation, OpenTelemetry, a cache), use
    /// <see cref="AddFlexiAIChatClient(IServiceCollection, IConfiguration, Action{FlexiAIOptions}?)"/> instead.
    /// </summary>
    public static IServiceCollection AddFlexiAI(this IServiceCollection services, IConfiguration configuration,
        Action<FlexiAIOptions>? configure = null)
    {
        services.AddFlexiAIOptions(configuration, configure).AddFlexiAICore();
        services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<FlexiAIChatClient>());
        return services;
    }

    /// <summary>Adds FlexiAI configured in code only.</summary>
    public static IServiceCollection AddFlexiAI(this IServiceCollection services, Action<FlexiAIOptions> configure)
    {
        services.AddOptions<FlexiAIOptions>().Configure(configure);
        services.AddFlexiAICore();
        services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<FlexiAIChatClient>());
        return services;
    }

    /// <summary>
    /// Adds FlexiAI as <see cref="AddFlexiAI(IServiceCollection, IConfiguration, Action{FlexiAIOptions}?)"/> does and
    /// registers <see cref="IChatClient"/> as a pipeline around the router, returned to be composed:
    /// <c>services.AddFlexiAIChatClient(configuration).UseFunctionInvocation().UseOpenTelemetry()</c>. The router is
    /// the innermost client: everything added runs once per call, around every attempt and failover of that call.
    /// </summary>
    public static ChatClientBuilder AddFlexiAIChatClient(this IServiceCollection services, IConfiguration configuration,
        Action<FlexiAIOptions>? configure = null)
    {
        services.AddFlexiAIOptions(configuration, configure).AddFlexiAICore();
        return services.AddChatClient(sp => sp.GetRequiredService<FlexiAIChatClient>());
    }

    private static IServiceCollection AddFlexiAIOptions(this IServiceCollection services, IConfiguration configuration,
        Action<FlexiAIOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(FlexiAIOptions.SectionName);
        // FlexiAI:Sync is the former name of FlexiAI:Redis: read first, so that values under the new name win.
        var builder = services.AddOptions<FlexiAIOptions>()
            .Configure(options => section.GetSection("Sync").Bind(options.Redis))
            .Bind(section);
        if (configure is not null)
        {
            builder.Configure(configure);
        }
        builder.PostConfigure(options =>
            options.Redis.ConnectionString ??= configuration.GetConnectionString(options.Redis.ConnectionName));
        return services;
    }

    private static IServiceCollection AddFlexiAICore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlexiAIOptions>, FlexiAIOptionsValidator>());
        services.AddOptions<FlexiAIOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        // One connection pool for every provider. No timeout and no retry handler here: the router owns both. No
        // per-request logging handlers either (the router logs every attempt), and no redirects: a provider that
        // redirects a POST is misconfigured, and following it silently would hide that.
        services.AddHttpClient(ProviderCatalog.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                AllowAutoRedirect = false,
            })
            .RemoveAllLoggers()
            // Nor anything the host adds to every client (service discovery, a standard resilience handler's retries):
            // provider endpoints are addresses, and a retry layer here would multiply the calls a dead provider gets.
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton<FlexiAITelemetry>();
        services.TryAddSingleton<ProviderCatalog>();
        services.TryAddSingleton<ProviderCounters>();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<IBreakerStateStore>(sp =>
        {
            // Shared through Redis when a connection string is configured (and sync is on); else this process only.
            var redis = sp.GetRequiredService<IOptions<FlexiAIOptions>>().Value.Redis;
            IBreakerStateStore store = redis.Enabled && sp.GetRequiredService<RedisConnection>().Configured
                ? ActivatorUtilities.CreateInstance<RedisBreakerStateStore>(sp)
                : ActivatorUtilities.CreateInstance<InMemoryBreakerStateStore>(sp);
            BreakerTransitionLogger.Attach(store, sp.GetRequiredService<ILoggerFactory>().CreateLogger("FlexiAI.Breakers"));
            return store;
        });
        services.TryAddSingleton(sp =>
        {
            var router = ActivatorUtilities.CreateInstance<FailoverRouter>(sp);
            router.UserRequestProbes = sp.GetRequiredService<IOptions<FlexiAIOptions>>().Value.CircuitBreaker.ProbeMode == BreakerProbeMode.UserRequests;
            return router;
        });
        // Recovery probes of the gateway's own (CircuitBreaker:ProbeMode=Background), in any host that runs hosted services.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BackgroundProbeService>());
        // Connects to Redis and runs the shared breaker store's loop (subscribe, reconcile) with the host.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisBackgroundService>());
        services.TryAddSingleton<HedgingPolicies>();
        services.TryAddSingleton<FlexiAIChatClient>();
        return services;
    }
}
