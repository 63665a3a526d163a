using System.Net;
using FlexiAI.Http;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Surface;

/// <summary>
/// The provider's headers a client sees on same-protocol paths (the allowlist of <see cref="ProviderResponseHeaders"/>):
/// request id, processing time, rate limits, <c>retry-after</c> on errors; never <c>Set-Cookie</c> or hop-by-hop headers.
/// </summary>
public sealed class ProviderHeadersTests(SurfaceFixture gateway) : IClassFixture<SurfaceFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_passed_through_chat_carries_the_providers_request_id_and_rate_limits(bool stream)
    {
        await gateway.ResetAsync(_ct);

        using var response = await gateway.ChatAsync(GatewayFixture.PassThroughRoute, stream, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_sim", response.Header("x-request-id"), StringComparison.Ordinal);
        Assert.Equal("1", response.Header("openai-processing-ms"));
        Assert.Equal("10000", response.Header("x-ratelimit-limit-requests"));
        Assert.Equal("9999990", response.Header("x-ratelimit-remaining-tokens"));
        AssertNothingElseCrossed(response);
    }

    [Fact]
    public async Task Embeddings_carry_them_too()
    {
        await gateway.ResetAsync(_ct);
        using var content = new StringContent("""{"model":"text-embedding-3-small","input":"x"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await gateway.Client.PostAsync("v1/embeddings", content, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_sim", response.Header("x-request-id"), StringComparison.Ordinal);
        AssertNothingElseCrossed(response);
    }

    [Fact]
    public async Task A_translated_answer_carries_no_provider_headers()
    {
        await gateway.ResetAsync(_ct);

        using var response = await gateway.ChatAsync(GatewayFixture.TranslatedRoute, cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Header("request-id"));
        Assert.Null(response.Header("anthropic-ratelimit-requests-limit"));
    }

    [Fact]
    public async Task A_providers_rejection_returned_as_sent_carries_its_request_id()
    {
        await gateway.ResetAsync(_ct);
        // Too long for sim-openai, and no provider of the route has a larger window: its 400 goes back as sent.
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "context_length" }, _ct);

        using var response = await gateway.ChatAsync(GatewayFixture.PassThroughRoute, cancellationToken: _ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("req_sim", response.Header("x-request-id"), StringComparison.Ordinal);
        AssertNothingElseCrossed(response);
    }

    [Fact]
    public void Only_the_allowlist_is_captured_and_retry_after_only_from_an_error()
    {
        using var error = Answer(HttpStatusCode.TooManyRequests);
        using var success = Answer(HttpStatusCode.OK);

        var fromError = ProviderResponseHeaders.Capture(error)!.Select(h => h.Key.ToLowerInvariant()).Order(StringComparer.Ordinal);
        var fromSuccess = ProviderResponseHeaders.Capture(success)!.Select(h => h.Key.ToLowerInvariant()).Order(StringComparer.Ordinal);

        Assert.Equal(["anthropic-ratelimit-tokens-remaining", "request-id", "retry-after", "x-ratelimit-reset-requests", "x-request-id"], fromError);
        Assert.Equal(["anthropic-ratelimit-tokens-remaining", "request-id", "x-ratelimit-reset-requests", "x-request-id"], fromSuccess);
        Assert.Null(ProviderResponseHeaders.Capture(new HttpResponseMessage(HttpStatusCode.OK)));
    }

    [Fact]
    public void Allowed_names_after_the_first_64_headers_are_captured_too()
    {
        using var answer = new HttpResponseMessage(HttpStatusCode.OK);
        answer.Headers.TryAddWithoutValidation("x-request-id", "req_1");
        for (var i = 0; i < 70; i++)
        {
            answer.Headers.TryAddWithoutValidation($"x-filler-{i}", "1");
        }
        answer.Headers.TryAddWithoutValidation("X-RateLimit-Remaining-Requests", "9");

        var captured = ProviderResponseHeaders.Capture(answer)!.Select(h => (h.Key.ToLowerInvariant(), h.Value));

        Assert.Equal([("x-request-id", "req_1"), ("x-ratelimit-remaining-requests", "9")], captured);
    }

    [Theory]
    [InlineData("x-request-id", false, true)]
    [InlineData("X-Request-ID", false, true)]
    [InlineData("request-id", false, true)]
    [InlineData("OpenAI-Processing-Ms", false, true)]
    [InlineData("x-ratelimit-remaining-tokens", false, true)]
    [InlineData("Anthropic-RateLimit-Requests-Reset", false, true)]
    [InlineData("retry-after", true, true)]
    [InlineData("Retry-After", false, false)]
    [InlineData("x-requested-with", false, false)]
    [InlineData("request-idx", false, false)]
    [InlineData("openai-organization", false, false)]
    [InlineData("anthropic-organization-id", false, false)]
    [InlineData("x-ratelimit", false, false)]
    [InlineData("request-i", false, false)]
    [InlineData("set-cookie", true, false)]
    [InlineData("", false, false)]
    public void A_name_is_allowed_only_when_it_is_on_the_list_in_any_case(string name, bool error, bool allowed) =>
        Assert.Equal(allowed, ProviderResponseHeaders.IsAllowed(name, error));

    private static HttpResponseMessage Answer(HttpStatusCode status)
    {
        var answer = new HttpResponseMessage(status);
        answer.Headers.TryAddWithoutValidation("x-request-id", "req_1");
        answer.Headers.TryAddWithoutValidation("request-id", "req_2");
        answer.Headers.TryAddWithoutValidation("x-ratelimit-reset-requests", "6ms");
        answer.Headers.TryAddWithoutValidation("anthropic-ratelimit-tokens-remaining", "10");
        answer.Headers.TryAddWithoutValidation("Retry-After", "7");
        answer.Headers.TryAddWithoutValidation("Set-Cookie", "__cf_bm=secret");
        answer.Headers.TryAddWithoutValidation("Connection", "keep-alive, x-foo");
        answer.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        answer.Headers.TryAddWithoutValidation("openai-organization", "org-secret");
        answer.Headers.TryAddWithoutValidation("Server", "cloudflare");
        return answer;
    }

    private static void AssertNothingElseCrossed(HttpResponseMessage response)
    {
        Assert.Null(response.Header("Set-Cookie"));
        Assert.Null(response.Header("openai-version"));
        Assert.DoesNotContain(response.Headers, h => h.Key.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase));
    }
}
