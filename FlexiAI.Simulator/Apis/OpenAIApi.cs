using FlexiAI.Simulator.Protocols;
using FlexiAI.Simulator.Protocols.OpenAI;

namespace FlexiAI.Simulator.Apis;

/// <summary>The OpenAI endpoints (chat completions, embeddings, responses) of every provider with protocol <c>openai</c>.</summary>
internal static class OpenAIApi
{
    public static IEndpointRouteBuilder MapOpenAIApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{provider}/v1/chat/completions", CreateChatCompletion)
            .WithName("OpenAIChatCompletions")
            .WithTags("Providers");
        app.MapPost("/{provider}/v1/embeddings", CreateEmbeddings)
            .WithName("OpenAIEmbeddings")
            .WithTags("Providers");
        app.MapPost("/{provider}/v1/responses", CreateResponse)
            .WithName("OpenAIResponses")
            .WithTags("Providers");
        return app;
    }

    /// <summary><c>POST /{provider}/v1/chat/completions</c>: JSON or server-sent events, or the provider's fault.</summary>
    public static Task<IResult> CreateChatCompletion(string provider, HttpContext context, [AsParameters] ProviderApiServices services) =>
        services.Pipeline.HandleAsync(provider, services.OpenAI, context);

    /// <summary><c>POST /{provider}/v1/embeddings</c>: deterministic vectors, or the provider's fault.</summary>
    public static Task<IResult> CreateEmbeddings(string provider, HttpContext context, ChatCallPipeline pipeline, OpenAIEmbeddingsProtocol protocol) =>
        pipeline.HandleAsync(provider, protocol, context);

    /// <summary><c>POST /{provider}/v1/responses</c>: a Response object or its server-sent events, or the provider's fault.</summary>
    public static Task<IResult> CreateResponse(string provider, HttpContext context, ChatCallPipeline pipeline, OpenAIResponsesProtocol protocol) =>
        pipeline.HandleAsync(provider, protocol, context);
}
