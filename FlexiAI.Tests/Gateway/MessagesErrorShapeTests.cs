using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// Errors the gateway answers itself on <c>/v1/messages</c> are in Anthropic's shape, whoever writes them: the model
/// resolver's 404 (through the official Anthropic client, which reads the type), and the framework's 405, 404, 413 and
/// 415 (raw HTTP). The same errors on <c>/v1/chat/completions</c> stay in OpenAI's shape.
/// </summary>
public sealed class MessagesErrorShapeTests(MessagesGatewayFixture gateway) : IClassFixture<MessagesGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>Reads an Anthropic error body: <c>{"type":"error","error":{"type","message"}}</c>, nothing else at the top.</summary>
    internal static async Task<string> AnthropicErrorTypeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal(["type", "error"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = root.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), body);
        return error.GetProperty("type").GetString()!;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("x-api-key", MessagesGatewayFixture.ClientKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    [Fact]
    public async Task An_unknown_model_is_a_not_found_error_the_official_client_reads()
    {
        var client = new AnthropicClient
        {
            BaseUrl = gateway.BaseAddress.ToString().TrimEnd('/'),
            ApiKey = MessagesGatewayFixture.ClientKey,
            MaxRetries = 0,
        };

        var exception = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => client.Messages.Create(new MessageCreateParams
        {
            Model = "no-such-model",
            MaxTokens = 16,
            Messages = [new UserMessageParam("Hello")],
        }, _ct));

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("not_found_error", exception.Body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("no-such-model", exception.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "v1/messages", null, HttpStatusCode.MethodNotAllowed, "invalid_request_error")]
    [InlineData("POST", "v1/messages/no-such-thing", "application/json", HttpStatusCode.NotFound, "not_found_error")]
    [InlineData("POST", "v1/messages", "text/plain", HttpStatusCode.UnsupportedMediaType, "invalid_request_error")]
    [InlineData("POST", "v1/messages/count_tokens", "text/plain", HttpStatusCode.UnsupportedMediaType, "invalid_request_error")]
    public async Task What_the_framework_refuses_is_in_Anthropic_shape(string method, string path, string? contentType, HttpStatusCode status,
        string type)
    {
        using var request = Request(new HttpMethod(method), path, contentType is null ? null : new StringContent("{}", Encoding.UTF8, contentType));
        using var response = await gateway.Client.SendAsync(request, _ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(type, await AnthropicErrorTypeAsync(response, _ct));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_request_too_large()
    {
        var body = new byte[5 * 1024 * 1024]; // over Limits:MaxRequestBytes (4 MiB)
        Array.Fill(body, (byte)' ');
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = Request(HttpMethod.Post, "v1/messages", content);
        request.Headers.ExpectContinue = true;

        using var response = await gateway.Client.SendAsync(request, _ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", await AnthropicErrorTypeAsync(response, _ct));
    }

    [Fact]
    public async Task The_same_errors_on_chat_completions_stay_in_OpenAI_shape()
    {
        using var request = Request(HttpMethod.Get, "v1/chat/completions");
        using var response = await gateway.Client.SendAsync(request, _ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        Assert.False(document.RootElement.TryGetProperty("type", out _));
        Assert.Equal("invalid_request_error", document.RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
