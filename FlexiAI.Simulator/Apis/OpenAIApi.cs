namespace FlexiAI.Simulator.Apis;

/// <summary>The OpenAI chat-completions endpoint of every provider with protocol <c>openai</c>.</summary>
internal static class OpenAIApi
{
    public static IEndpointRouteBuilder MapOpenAIApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{provider}/v1/chat/completions", CreateChatCompletion)
            .WithName("OpenAIChatCompletions")
            .WithTags("Providers");
        return app;
    }

    /// <summary><c>POST /{provider}/v1/chat/completions</c>: JSON or server-sent events, or the provider's fault.</summary>
    public static Task<IResult> CreateChatCompletion(string provider, HttpContext context, [AsParameters] ProviderApiServices services) =>
        services.Pipeline.HandleAsync(provider, services.OpenAI, context);
}
