using System.Buffers;
using System.Text.Json;
using FlexiAI.Http;
using FlexiAI.Options;
using FlexiAI.Protocols.Anthropic;
using FlexiAI.Providers;

namespace FlexiAI.Probing;

/// <summary>
/// The request a background recovery probe sends (<see cref="ProviderOptions.Probe"/>), in the provider's protocol
/// and with its key, through the same connection pool as user requests. Throws what a user attempt would throw
/// (<see cref="Routing.ProviderException"/> for an error status, a JSON error for an unreadable answer), so the
/// failure is classified by <see cref="Routing.FailureClassifier"/> under the same rules.
/// </summary>
internal static class ProviderProbe
{
    /// <summary>Sends the probe and reads its answer whole; returns when the provider answered with a success.</summary>
    public static async Task SendAsync(Provider provider, CancellationToken cancellationToken)
    {
        using var request = Build(provider);
        using var response = await provider.Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAnswer.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
        // A 200 whose body is not JSON is a malformed answer, as it would be for a user's request.
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    internal static HttpRequestMessage Build(Provider provider)
    {
        var endpoint = provider.Options.Endpoint!.ToString().TrimEnd('/');
        var anthropic = provider.Kind == ProviderKind.Anthropic;
        HttpRequestMessage request;
        if (provider.Options.Probe == ProviderProbeKind.Models)
        {
            request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint + (anthropic ? "/v1/models" : "/models")));
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Post, anthropic ? new Uri(endpoint + "/v1/messages") : provider.ChatCompletionsUri)
            {
                Content = new ByteArrayContent(ChatBody(provider.Model)),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }
        if (anthropic)
        {
            if (provider.Options.ApiKey is { Length: > 0 } key)
            {
                request.Headers.TryAddWithoutValidation("x-api-key", key);
            }
            request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicChatClient.ApiVersion);
        }
        else if (provider.Authorization is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return request;
    }

    /// <summary><c>{"model":…,"max_tokens":1,"messages":[{"role":"user","content":"ping"}]}</c>: both protocols read this shape.</summary>
    internal static byte[] ChatBody(string model)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteNumber("max_tokens"u8, 1);
            writer.WriteStartArray("messages"u8);
            writer.WriteStartObject();
            writer.WriteString("role"u8, "user"u8);
            writer.WriteString("content"u8, "ping"u8);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
