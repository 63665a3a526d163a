using System.Text.Encodings.Web;
using System.Text.Json;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Json;
using FlexiAI.Simulator.Protocols;
using FlexiAI.Simulator.Protocols.Anthropic;
using FlexiAI.Simulator.Protocols.OpenAI;
using FlexiAI.Simulator.Providers;
using FlexiAI.Simulator.Requests;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Extensions;

/// <summary>Dependency-injection wiring of the simulator.</summary>
internal static class Extensions
{
    public static IHostApplicationBuilder AddSimulatorServices(
        this IHostApplicationBuilder builder,
        Action<SimulatorOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(AddDefaultProviders).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProviderRegistry>();
        builder.Services.AddSingleton<FaultRoller>();
        builder.Services.AddSingleton<ChatCallPipeline>();
        builder.Services.AddSingleton<RequestRecorder>();
        builder.Services.AddSingleton<OpenAIProtocol>();
        builder.Services.AddSingleton<OpenAIEmbeddingsProtocol>();
        builder.Services.AddSingleton<OpenAIResponsesProtocol>();
        builder.Services.AddSingleton<AnthropicProtocol>();

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, SimulatorJsonContext.Default);
        });

        // One log line per request would dominate a benchmark run; configuration can still lower these.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    private static void AddDefaultProviders(SimulatorOptions options)
    {
        if (options.Providers.Count > 0)
        {
            return;
        }

        options.Providers.Add(new SimulatedProviderOptions
        {
            Name = "sim-openai",
            Protocol = SimulatedProviderOptions.OpenAIProtocol,
            Model = "sim-gpt",
        });
        options.Providers.Add(new SimulatedProviderOptions
        {
            Name = "sim-anthropic",
            Protocol = SimulatedProviderOptions.AnthropicProtocol,
            Model = "sim-claude",
        });
    }
}
