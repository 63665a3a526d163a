using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace FlexiAI.Tests.Security;

/// <summary>Client and admin keys: 401 without a valid key, 403 for a client key on an admin route, OpenAI's error shape.</summary>
public sealed class KeyAuthorizationTests(SecuredGatewayFixture gateway) : IClassFixture<SecuredGatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?, int, string?> Cases => new()
    {
        // method, path, key, expected status, expected error code
        { "POST", "v1/chat/completions", null, 401, "invalid_api_key" },
        { "POST", "v1/chat/completions", "not-a-configured-key-at-all", 401, "invalid_api_key" },
        { "POST", "v1/chat/completions", SecuredGatewayFixture.ClientKey, 200, null },
        { "POST", "v1/chat/completions", SecuredGatewayFixture.AdminKey, 200, null },
        { "GET", "v1/models", null, 401, "invalid_api_key" },
        { "GET", "v1/models", SecuredGatewayFixture.ClientKey, 200, null },
        { "GET", "providers", null, 401, "invalid_api_key" },
        { "GET", "providers", SecuredGatewayFixture.ClientKey, 200, null },
        { "POST", "providers/sim-anthropic/reset", null, 401, "invalid_api_key" },
        { "POST", "providers/sim-anthropic/reset", SecuredGatewayFixture.ClientKey, 403, "insufficient_permissions" },
        { "POST", "providers/sim-anthropic/reset", SecuredGatewayFixture.AdminKey, 200, null },
        { "GET", "admin/key", null, 401, "invalid_api_key" },
        { "GET", "admin/key", SecuredGatewayFixture.ClientKey, 401, "invalid_api_key" },
        { "GET", "admin/key", SecuredGatewayFixture.AdminKey, 204, null },
        { "GET", "health/live", null, 200, null },
        { "GET", "health/ready", null, 200, null },
        { "GET", "health", null, 200, null },
        { "GET", "metrics", null, 200, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Routes_require_the_right_key(string method, string path, string? key, int expectedStatus, string? expectedCode)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (path.StartsWith("v1/chat", StringComparison.Ordinal))
        {
            request.Content = JsonContent.Create(new { model = "default", messages = new[] { new { role = "user", content = "hi" } } });
        }
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await gateway.Client.SendAsync(request, _ct);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        if (expectedCode is not null)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
            var error = body.RootElement.GetProperty("error");
            Assert.Equal(expectedCode, error.GetProperty("code").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        }
    }

    [Fact]
    public async Task The_official_openai_client_sees_401_for_a_wrong_key_and_works_with_a_client_key()
    {
        ChatClient Client(string key) => new("default", new ApiKeyCredential(key),
            new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseAddress, "v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client("wrong-key-wrong-key-wrong").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: _ct));
        ChatCompletion ok = await Client(SecuredGatewayFixture.ClientKey).CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: _ct);

        Assert.Equal(401, error.Status);
        Assert.False(string.IsNullOrEmpty(ok.Content[0].Text));
    }

    [Theory]
    [InlineData(SecuredGatewayFixture.ClientKey, "v1/models", 200)]
    [InlineData("not-a-configured-key-at-all", "v1/models", 401)]
    [InlineData(SecuredGatewayFixture.ClientKey, "providers/sim-anthropic/reset", 403)]
    [InlineData(SecuredGatewayFixture.AdminKey, "admin/key", 204)]
    public async Task A_key_sent_as_x_api_key_counts_like_a_bearer_key(string key, string path, int expectedStatus)
    {
        // Anthropic's clients send the key as x-api-key.
        using var request = new HttpRequestMessage(path.StartsWith("providers", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Add("x-api-key", key);

        using var response = await gateway.Client.SendAsync(request, _ct);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_refused_key_gets_a_bearer_challenge_and_the_message_for_its_case()
    {
        using var missing = await gateway.Client.GetAsync("v1/models", _ct);
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        wrongRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-configured-key-at-all");
        using var wrong = await gateway.Client.SendAsync(wrongRequest, _ct);
        using var clientOnAdminRequest = new HttpRequestMessage(HttpMethod.Post, "providers/sim-anthropic/open");
        clientOnAdminRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredGatewayFixture.ClientKey);
        using var clientOnAdmin = await gateway.Client.SendAsync(clientOnAdminRequest, _ct);

        Assert.Equal("Bearer", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.", await MessageAsync(missing));
        Assert.Equal("Incorrect API key provided.", await MessageAsync(wrong));
        Assert.Equal(HttpStatusCode.Forbidden, clientOnAdmin.StatusCode);
        Assert.Empty(clientOnAdmin.Headers.WwwAuthenticate);
        Assert.Equal("This key may not perform admin actions; use an admin key.", await MessageAsync(clientOnAdmin));
    }

    private async Task<string?> MessageAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        return body.RootElement.GetProperty("error").GetProperty("message").GetString();
    }

    [Fact]
    public async Task A_key_is_never_echoed_in_the_error()
    {
        const string Wrong = "sk-wrong-but-secret-looking-0123456789";
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Wrong);

        using var response = await gateway.Client.SendAsync(request, _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(Wrong, body, StringComparison.Ordinal);
    }
}
