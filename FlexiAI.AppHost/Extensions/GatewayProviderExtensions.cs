namespace Aspire.Hosting;

/// <summary>Configures the gateway's LLM providers (<c>FlexiAI:Providers</c>) from the app model.</summary>
public static class GatewayProviderExtensions
{
    /// <summary>Name of the secret parameter holding an OpenAI key (<c>Parameters:openai-api-key</c>).</summary>
    public const string OpenAIKeyParameter = "openai-api-key";

    /// <summary>Name of the secret parameter holding an Anthropic key (<c>Parameters:anthropic-api-key</c>).</summary>
    public const string AnthropicKeyParameter = "anthropic-api-key";

    /// <summary>The embeddings model <c>sim-openai</c> serves under <c>dotnet run</c>.</summary>
    public const string SimulatedEmbeddingModel = "text-embedding-3-small";

    /// <summary>
    /// Gives the gateway its providers through <c>FlexiAI__Providers__{i}__*</c> environment variables, in
    /// priority order: <c>openai</c> and <c>anthropic</c> when their keys are configured (user secrets or
    /// <c>Parameters__openai-api-key</c> / <c>Parameters__anthropic-api-key</c>), then the two providers the
    /// simulator serves, <c>sim-openai</c> (OpenAI protocol, with the embeddings model <c>text-embedding-3-small</c>) and
    /// <c>sim-anthropic</c> (Anthropic protocol).
    /// </summary>
    /// <remarks>
    /// <para>Under <c>dotnet run</c>, a key parameter is added only when it has a value, so that a machine with no keys
    /// starts without the dashboard asking for them. Keys reach the gateway as secret parameters, never through files here.</para>
    /// <para>When publishing (azd manifest, Kubernetes), the deployed gateway gets <c>openai</c> and <c>anthropic</c>
    /// with their key parameters whatever this machine has, and no simulated providers: the simulator is a
    /// development tool and is not deployed.</para>
    /// </remarks>
    /// <param name="gateway">The gateway project resource.</param>
    /// <param name="simulator">The simulator; its <c>http</c> endpoint is resolved by Aspire at start.</param>
    /// <returns>The gateway builder, for chaining.</returns>
    public static IResourceBuilder<ProjectResource> WithFlexiAIProviders(
        this IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ProjectResource> simulator)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(simulator);

        var builder = gateway.ApplicationBuilder;
        var publishing = builder.ExecutionContext.IsPublishMode;
        var index = 0;

        if (publishing || HasValue(builder, OpenAIKeyParameter))
        {
            var key = builder.AddParameter(OpenAIKeyParameter, secret: true).WithDescription("OpenAI API key (sk-...).");
            gateway.WithProvider(index++, "openai", "OpenAI", "gpt-4o-mini",
                ReferenceExpression.Create($"https://api.openai.com/v1"), key);
        }

        if (publishing || HasValue(builder, AnthropicKeyParameter))
        {
            var key = builder.AddParameter(AnthropicKeyParameter, secret: true).WithDescription("Anthropic API key (sk-ant-...).");
            gateway.WithProvider(index++, "anthropic", "Anthropic", "claude-sonnet-4-5",
                ReferenceExpression.Create($"https://api.anthropic.com"), key);
        }

        if (publishing)
        {
            return gateway;
        }

        // The simulator names each provider by its route prefix, so PUT /faults/{name} on the simulator
        // fails exactly the gateway provider {name}. The Anthropic client appends /v1/messages itself.
        var simulatorUrl = simulator.GetEndpoint("http");
        gateway.WithProvider(index++, "sim-openai", "OpenAI", "gpt-4o-mini",
            ReferenceExpression.Create($"{simulatorUrl}/sim-openai/v1"));
        // The simulated embeddings model: POST /v1/embeddings with "text-embedding-3-small" (listed by GET /v1/models).
        gateway.WithEnvironment($"FlexiAI__Providers__{index - 1}__EmbeddingModel", SimulatedEmbeddingModel);
        gateway.WithProvider(index, "sim-anthropic", "Anthropic", "claude-sonnet-4-5",
            ReferenceExpression.Create($"{simulatorUrl}/sim-anthropic"));

        return gateway;
    }

    private static bool HasValue(IDistributedApplicationBuilder builder, string parameterName) =>
        !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{parameterName}"]);

    private static void WithProvider(
        this IResourceBuilder<ProjectResource> gateway,
        int index,
        string name,
        string kind,
        string model,
        ReferenceExpression endpoint,
        IResourceBuilder<ParameterResource>? apiKey = null)
    {
        var prefix = $"FlexiAI__Providers__{index}__";
        gateway
            .WithEnvironment(prefix + "Name", name)
            .WithEnvironment(prefix + "Kind", kind)
            .WithEnvironment(prefix + "Model", model)
            .WithEnvironment(prefix + "Priority", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment(prefix + "Endpoint", endpoint);

        if (apiKey is not null)
        {
            gateway.WithEnvironment(prefix + "ApiKey", apiKey);
        }
    }
}
