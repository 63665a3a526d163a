namespace FlexiAI.Simulator.Apis;

/// <summary>The Anthropic messages endpoint of every provider with protocol <c>anthropic</c>.</summary>
internal static class AnthropicApi
{
    public static IEndpointRouteBuilder MapAnthropicApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{provider}/v1/messages", CreateMessage)
            .WithName("AnthropicMessages")
            .WithTags("Providers");
        return app;
    }

    /// <summary><c>POST /{provider}/v1/messages</c>: JSON or server-sent events, or the provider's fault.</summary>
    public static Task<IResult> CreateMessage(string provider, HttpContext context, [AsParameters] ProviderApiServices services) =>
        services.Pipeline.HandleAsync(provider, services.Anthropic, context);
}
