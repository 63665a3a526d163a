using System.Net;
using System.Net.Http.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// Admission control's refusal on <c>/v1/messages</c>: 503 with <c>Retry-After: 1</c> and Anthropic's
/// <c>overloaded_error</c>, which the official Anthropic client retries (after the <c>Retry-After</c> it was given).
/// </summary>
public sealed class MessagesAdmissionTests(MessagesAdmissionFixture gateway) : IClassFixture<MessagesAdmissionFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_request_is_an_overloaded_error_that_the_official_client_retries()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "slow", latency_ms = 60_000 }, _ct);
        using var release = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var held = HoldTheOnlySlotAsync(release.Token);
        try
        {
            await gateway.Simulator.WaitForStatsAsync(GatewayFixture.AnthropicProvider, s => s.GetProperty("calls").GetInt64() == 1,
                cancellationToken: _ct);

            using var raw = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = JsonContent.Create(Ask()) };
            raw.Headers.Add("x-api-key", MessagesGatewayFixture.ClientKey);
            using var refused = await gateway.Client.SendAsync(raw, _ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
            Assert.Equal("overloaded_error", await MessagesErrorShapeTests.AnthropicErrorTypeAsync(refused, _ct));

            var answers = new StatusRecorder();
            using var http = new HttpClient(answers);
            var client = new AnthropicClient
            {
                BaseUrl = gateway.BaseAddress.ToString().TrimEnd('/'),
                ApiKey = MessagesGatewayFixture.ClientKey,
                MaxRetries = 1,
                HttpClient = http,
            };
            var exception = await Assert.ThrowsAsync<AnthropicServiceUnavailableException>(() => client.Messages.Create(new MessageCreateParams
            {
                Model = MessagesGatewayFixture.AnthropicFirstRoute,
                MaxTokens = 16,
                Messages = [new UserMessageParam("Hello")],
            }, _ct));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
            Assert.Equal("overloaded_error", exception.Body.GetProperty("error").GetProperty("type").GetString());
            // The client's request and its one retry, both refused; no provider called.
            Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable], answers.Statuses);
            var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.AnthropicProvider, _ct);
            Assert.Equal(1, stats.GetProperty("calls").GetInt64());
        }
        finally
        {
            await release.CancelAsync();
            await held;
            await gateway.Simulator.ResetAsync(_ct);
        }
    }

    private static object Ask() => new
    {
        model = MessagesGatewayFixture.AnthropicFirstRoute,
        max_tokens = 16,
        messages = new[] { new { role = "user", content = "Hello" } },
    };

    /// <summary>A request the slow provider holds until <paramref name="release"/> is cancelled.</summary>
    private async Task HoldTheOnlySlotAsync(CancellationToken release)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = JsonContent.Create(Ask()) };
        request.Headers.Add("x-api-key", MessagesGatewayFixture.ClientKey);
        try
        {
            using var response = await gateway.Client.SendAsync(request, release);
        }
        catch (OperationCanceledException) when (release.IsCancellationRequested)
        {
        }
    }

    /// <summary>The status of every answer the official client got (its retries included).</summary>
    private sealed class StatusRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<HttpStatusCode> Statuses { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Statuses)
            {
                Statuses.Add(response.StatusCode);
            }
            return response;
        }
    }
}
