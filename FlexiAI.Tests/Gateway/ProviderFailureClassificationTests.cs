using System.Net;
using System.Text;
using FlexiAI.Routing;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// <see cref="ProviderFailure.FromAnswer"/> on the error answers real providers send (OpenAI, Azure OpenAI, Anthropic,
/// vLLM-style servers), including those the simulator does not produce.
/// </summary>
public sealed class ProviderFailureClassificationTests
{
    public static TheoryData<int, string, FailureKind, bool, bool> Answers => new()
    {
        // status, body, kind, fails over (always), counts against the breaker
        { 401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", FailureKind.Auth, true, true },
        { 403, """{"type":"error","error":{"type":"permission_error","message":"no access"}}""", FailureKind.Auth, true, true },
        { 404, """{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""", FailureKind.NotFound, true, true },
        { 404, "", FailureKind.NotFound, true, true },
        { 400, """{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""", FailureKind.ContextLength, false, false },
        { 400, """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}""", FailureKind.ContextLength, false, false },
        { 400, """{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.","type":"BadRequestError","param":null,"code":400}""", FailureKind.ContextLength, false, false },
        { 413, """{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}""", FailureKind.ContextLength, false, false },
        { 400, """{"error":{"message":"The response was filtered","type":null,"param":"prompt","code":"content_filter","status":400}}""", FailureKind.ContentPolicy, false, false },
        { 400, """{"error":{"message":"Your request was rejected as a result of our safety system.","type":"invalid_request_error","param":null,"code":"content_policy_violation"}}""", FailureKind.ContentPolicy, false, false },
        { 400, """{"type":"error","error":{"type":"invalid_request_error","message":"Output blocked by content filtering policy"}}""", FailureKind.ContentPolicy, false, false },
        { 400, """{"error":{"message":"'messages' is a required property","type":"invalid_request_error","param":null,"code":null}}""", FailureKind.ClientError, false, false },
        { 422, "not json at all", FailureKind.ClientError, false, false },
        { 400, """{"error":"a string, not an object"}""", FailureKind.ClientError, false, false },
        { 529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", FailureKind.ServerError, true, true },
        { 429, """{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", FailureKind.RateLimited, true, true },
        { 408, "", FailureKind.ServerError, true, true },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void A_provider_error_answer_is_classified_by_status_and_body(int status, string body, FailureKind kind, bool failsOver, bool counts)
    {
        var failure = ProviderFailure.FromAnswer((HttpStatusCode)status, null, Encoding.UTF8.GetBytes(body));

        Assert.Equal(kind, failure.Kind);
        Assert.Equal(failsOver, failure.FailsOver);
        Assert.Equal(counts, failure.CountsAgainstBreaker);
        Assert.Equal(kind == FailureKind.Auth, failure.ToBreakerFailure().CredentialsRejected);
    }
}
