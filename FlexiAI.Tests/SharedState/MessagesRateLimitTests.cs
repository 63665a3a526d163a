using System.Net;
using System.Net.Http.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;

namespace FlexiAI.Tests.SharedState;

/// <summary>
/// The shared rate limit's 429 on <c>/v1/messages</c>: Anthropic's <c>rate_limit_error</c>, with the same
/// <c>Retry-After</c> and <c>x-ratelimit-*</c> headers as on <c>/v1/chat/completions</c>; the official Anthropic client
/// reads it as a rate-limit error.
/// </summary>
public sealed class MessagesRateLimitTests(RealRedisFixture redis, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<SimulatorFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_limit_answers_a_rate_limit_error_with_its_headers()
    {
        await simulator.ResetAsync(_ct);
        await using var cluster = await GatewayCluster.StartAsync(redis.Require().ConnectionString, simulator, 1,
            new() { ["FlexiAI:RateLimit:RequestsPerMinute"] = "2" });
        var gateway = cluster.Instances[0];

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            var response = await gateway.Client.PostAsJsonAsync("v1/messages", new
            {
                model = "default",
                max_tokens = 16,
                messages = new[] { new { role = "user", content = "Hello" } },
            }, _ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
                continue;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.Equal("rate_limit_error", await MessagesErrorShapeTests.AnthropicErrorTypeAsync(limited, _ct));
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 120);
            Assert.Equal("2", limited.Headers.GetValues("x-ratelimit-limit-requests").Single());
            Assert.Equal("0", limited.Headers.GetValues("x-ratelimit-remaining-requests").Single());
            Assert.NotEmpty(limited.Headers.GetValues("x-ratelimit-reset-requests").Single());
        }
        var client = new AnthropicClient { BaseUrl = gateway.Client.BaseAddress!.ToString().TrimEnd('/'), ApiKey = "not-checked", MaxRetries = 0 };
        var exception = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => client.Messages.Create(new MessageCreateParams
        {
            Model = "default",
            MaxTokens = 16,
            Messages = [new UserMessageParam("Hello")],
        }, _ct));
        Assert.Equal("rate_limit_error", exception.Body.GetProperty("error").GetProperty("type").GetString());
    }
}
