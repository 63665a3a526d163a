using System.Text;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Tests.Http;

/// <summary>
/// <see cref="ResponseInspector.TrailingUsage"/>: the <c>usage</c> a streamed whole answer (embeddings) is counted by,
/// read from the answer's last bytes only.
/// </summary>
public sealed class TrailingUsageTests
{
    [Fact]
    public void Reads_the_usage_an_embeddings_answer_ends_with_from_a_tail_that_starts_mid_vector()
    {
        var tail = Encoding.UTF8.GetBytes("""AAAAgD8AAAA="}],"model":"text-embedding-3-small","usage":{"prompt_tokens":12,"total_tokens":12}}""" + "\n");

        var usage = ResponseInspector.TrailingUsage(tail);

        Assert.NotNull(usage);
        Assert.Equal(12, usage.Value.PromptTokens);
        Assert.Equal(0, usage.Value.CompletionTokens);
    }

    [Fact]
    public void Reads_the_last_usage_when_an_earlier_string_mentions_it()
    {
        var tail = Encoding.UTF8.GetBytes("""{"note":"\"usage\": see below","usage" : {"prompt_tokens":3,"completion_tokens":4}}""");

        Assert.Equal(new TokenUsage(3, 4), ResponseInspector.TrailingUsage(tail));
    }

    [Theory]
    [InlineData("""{"object":"list","data":[]}""")]
    [InlineData("""AAAA"}],"usage":{"prompt_tokens":12,"total_""")]
    [InlineData("""AAAA"}],"usage":[1,2]}""")]
    [InlineData("""AAAA"}],"usage" 5}""")]
    public void Is_null_when_the_tail_has_no_whole_usage_object(string text)
    {
        Assert.Null(ResponseInspector.TrailingUsage(Encoding.UTF8.GetBytes(text)));
    }
}
