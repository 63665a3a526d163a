using System.Text;
using FlexiAI.Api.PassThrough;
using FlexiAI.Options;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Tests.Http;

/// <summary>The one-pass request reader and the pass-through path's model rewrite.</summary>
public sealed class RequestParsingTests
{
    private static readonly LimitsOptions Limits = new();

    [Fact]
    public void Reads_route_stream_and_usage_option_and_where_the_model_is()
    {
        const string Body = """{"messages":[{"role":"user","content":"hi"}],"model" : "fast","stream":true,"stream_options":{"include_usage":true}}""";
        var info = Parse(Body);
        Assert.Equal("fast", info.Model);
        Assert.True(info.Stream);
        Assert.True(info.IncludeUsage);
        Assert.Equal("\"fast\"", Body[info.ModelStart..info.ModelEnd]);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":7,"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"default","messages":[]}""", "messages")]
    [InlineData("""{"model":"default","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream")]
    [InlineData("""{"model":"default","stream_options":[],"messages":[{"role":"user","content":"hi"}]}""", "stream_options")]
    [InlineData("""[1,2]""", null)]
    [InlineData("""{"model":"default",""", null)]
    public void Rejects_bad_requests_naming_the_parameter(string body, string? param)
    {
        Assert.Null(ChatRequestInfo.TryParse(Encoding.UTF8.GetBytes(body), Limits, out var error));
        Assert.NotNull(error);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void Rejects_a_body_that_is_not_UTF8()
    {
        byte[] body = [.. "{\"model\":\"d"u8, 0xC3, 0x28, .. "\",\"messages\":[]}"u8];
        Assert.Null(ChatRequestInfo.TryParse(body, Limits, out var error));
        Assert.Contains("UTF-8", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("model \"with\" quotes/and\\slash")]
    [InlineData("模型")]
    public void The_rewrite_swaps_only_the_model(string model)
    {
        const string Body = """{"model":"default","messages":[{"role":"user","content":"keep \u00e9 as sent"}],"x_unknown":{"model":"default"}}""";
        var bytes = Encoding.UTF8.GetBytes(Body);
        var info = ChatRequestInfo.TryParse(bytes, Limits, out _)!;

        var rewritten = Encoding.UTF8.GetString(RequestRewriter.WithModel(bytes, info.ModelStart, info.ModelEnd, model));

        using var json = System.Text.Json.JsonDocument.Parse(rewritten);
        Assert.Equal(model, json.RootElement.GetProperty("model").GetString());
        var modelEnd = rewritten.IndexOf(",\"messages\"", StringComparison.Ordinal);
        Assert.Equal(Body[info.ModelEnd..], rewritten[modelEnd..]);
    }

    private static ChatRequestInfo Parse(string body) =>
        ChatRequestInfo.TryParse(Encoding.UTF8.GetBytes(body), Limits, out var error) ?? throw new InvalidOperationException(error!.Message);
}
