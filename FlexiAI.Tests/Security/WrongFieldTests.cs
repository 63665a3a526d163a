using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexiAI.Api.OpenAI;
using FlexiAI.Providers;
using FlexiAI.Routing;
using FlexiAI.Tests.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Security;

/// <summary>
/// Validation before routing: a wrongly typed or out-of-range field, or a message of the wrong shape, is a 400 in
/// OpenAI's shape whose <c>param</c> names the field, on a translation route and on a pass-through route, with no
/// provider called and no breaker touched. An exception thrown by gateway code during an attempt is a 500
/// <c>internal_error</c> that the provider's breaker never counts.
/// </summary>
public sealed class WrongFieldTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_wrong_field_is_a_400_naming_it_on_both_paths_with_no_provider_called_and_every_breaker_closed()
    {
        await gateway.ResetAsync(_ct);
        var corpus = WrongFieldCorpus.All();
        var translationOnly = WrongFieldCorpus.TranslationOnly();
        Assert.True(corpus.Count >= 60, $"the corpus has {corpus.Count} requests");

        var problems = new List<string>();
        foreach (var route in new[] { GatewayFixture.TranslatedRoute, GatewayFixture.PassThroughRoute })
        {
            foreach (var (name, body) in corpus)
            {
                await ExpectBadRequestAsync(route, name, body, problems);
            }
        }
        foreach (var (name, body) in translationOnly)
        {
            await ExpectBadRequestAsync(GatewayFixture.TranslatedRoute, name, body, problems);
        }
        Assert.True(problems.Count == 0,
            $"{problems.Count} of {2 * corpus.Count + translationOnly.Count} requests were mishandled:\n{string.Join("\n", problems)}");

        foreach (var provider in new[] { GatewayFixture.OpenAIProvider, GatewayFixture.AnthropicProvider })
        {
            var stats = await gateway.Simulator.GetStatsAsync(provider, _ct);
            Assert.Equal(0, stats.GetProperty("calls").GetInt64());
        }
        await AssertEveryBreakerClosedAsync();
    }

    [Fact]
    public async Task An_exception_of_gateway_code_during_an_attempt_is_an_internal_error_the_breaker_never_counts()
    {
        await gateway.ResetAsync(_ct);
        var router = gateway.Services.GetRequiredService<FailoverRouter>();
        var route = gateway.Services.GetRequiredService<ProviderCatalog>().Resolve(GatewayFixture.TranslatedRoute)!;

        for (var i = 0; i < 8; i++)
        {
            var rejected = await Assert.ThrowsAsync<RoutingException>(() => router.ExecuteAsync<int>(route,
                _ => throw new InvalidOperationException("a bug in the gateway's own code"), streaming: false, _ct));
            Assert.Equal(RoutingFailureReason.RejectedByProvider, rejected.Reason);
            Assert.Equal(FailureKind.GatewayError, rejected.Rejection!.Failure.Kind);
            Assert.Single(rejected.Attempts);

            var context = new DefaultHttpContext { RequestServices = gateway.Services };
            context.Response.Body = new MemoryStream();
            await OpenAIErrorWriter.FromRouting(rejected, context.Response).ExecuteAsync(context);
            Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
            using var error = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
            Assert.Equal("internal_error", error.RootElement.GetProperty("error").GetProperty("code").GetString());
            Assert.DoesNotContain("a bug in", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // Eight failures, threshold five: had they counted, the breaker would be open.
        await AssertEveryBreakerClosedAsync();
        using var answered = await gateway.ChatAsync(GatewayFixture.TranslatedRoute, cancellationToken: _ct);
        Assert.True(answered.IsSuccessStatusCode);
    }

    private async Task ExpectBadRequestAsync(string route, string name, string body, List<string> problems)
    {
        using var content = new StringContent(body.Replace("{route}", route, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync("v1/chat/completions", content, _ct);
        var text = await response.Content.ReadAsStringAsync(_ct);
        if ((int)response.StatusCode != 400)
        {
            problems.Add($"{route} / {name}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 160)]}");
            return;
        }
        try
        {
            using var json = JsonDocument.Parse(text);
            var error = json.RootElement.GetProperty("error");
            var param = error.GetProperty("param").GetString();
            if (string.IsNullOrEmpty(param) || string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()) ||
                error.GetProperty("type").GetString() != "invalid_request_error")
            {
                problems.Add($"{route} / {name}: 400 without a param naming the field: {text}");
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problems.Add($"{route} / {name}: 400 with a body that is not an OpenAI error: {text[..Math.Min(text.Length, 160)]}");
        }
    }

    private async Task AssertEveryBreakerClosedAsync()
    {
        var report = await gateway.Client.GetFromJsonAsync<JsonElement>("providers", _ct);
        foreach (var provider in report.GetProperty("providers").EnumerateArray())
        {
            var name = provider.GetProperty("name").GetString();
            Assert.True(provider.GetProperty("circuit_state").GetString() == "CLOSED", $"{name} is {provider.GetProperty("circuit_state")}");
            Assert.True(provider.GetProperty("failure_count").GetInt32() == 0, $"{name} counted {provider.GetProperty("failure_count")} failures");
        }
    }
}
