using System.Text.Json;
using FlexiAI.Simulator.Protocols;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Apis;

/// <summary>The Anthropic messages endpoints of every provider with protocol <c>anthropic</c>.</summary>
internal static class AnthropicApi
{
    public static IEndpointRouteBuilder MapAnthropicApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{provider}/v1/messages", CreateMessage)
            .WithName("AnthropicMessages")
            .WithTags("Providers");
        app.MapPost("/{provider}/v1/messages/count_tokens", CountTokens)
            .WithName("AnthropicCountTokens")
            .WithTags("Providers");
        return app;
    }

    /// <summary><c>POST /{provider}/v1/messages</c>: JSON or server-sent events, or the provider's fault.</summary>
    public static Task<IResult> CreateMessage(string provider, HttpContext context, [AsParameters] ProviderApiServices services) =>
        services.Pipeline.HandleAsync(provider, services.Anthropic, context);

    /// <summary>
    /// <c>POST /{provider}/v1/messages/count_tokens</c>: <c>{"input_tokens": n}</c>, the same estimate the provider's
    /// answers report as their input tokens (system and message text). Faults do not apply to it.
    /// </summary>
    public static async Task<IResult> CountTokens(string provider, HttpContext context, [AsParameters] ProviderApiServices services)
    {
        if (!services.Registry.TryGet(provider, out var simulated) || simulated.Protocol != ProviderProtocolKind.Anthropic)
        {
            return services.Anthropic.Error(StatusCodes.Status404NotFound, $"Unknown Anthropic provider '{provider}'.");
        }
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (!document.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return services.Anthropic.Error(StatusCodes.Status400BadRequest, "messages: Field required");
            }
            long characters = document.RootElement.TryGetProperty("system", out var system) ? MessageText.Extract(system).Length : 0;
            var count = characters > 0 ? 1 : 0;
            foreach (var message in messages.EnumerateArray())
            {
                characters += message.TryGetProperty("content", out var content) ? MessageText.Extract(content).Length : 0;
                count++;
            }
            return Results.Json(new { input_tokens = MessageText.EstimateTokens(characters, count) });
        }
        catch (JsonException exception)
        {
            return services.Anthropic.Error(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {exception.Message}");
        }
    }
}
