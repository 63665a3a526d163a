using System.Text;
using FlexiAI.Http;
using FlexiAI.Routing;

namespace FlexiAI.Tests.Http;

/// <summary>The SSE splitter and the data rule of the SSE specification.</summary>
public sealed class SseEventReaderTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("data: {\"a\":1}\n\n", "{\"a\":1}")]
    [InlineData("data:{\"a\":1}\n\n", "{\"a\":1}")]
    [InlineData("data: {\"a\":1}\r\n\r\n", "{\"a\":1}")]
    [InlineData("event: message_start\r\ndata: {\"a\":1}\r\n\r\n", "{\"a\":1}")]
    [InlineData("data: {\"a\":\ndata: 1}\n\n", "{\"a\":\n1}")]
    [InlineData("data:  two spaces\n\n", " two spaces")]
    [InlineData("data\n\n", "")]
    [InlineData(": keep-alive\n\n", "")]
    [InlineData(": data: not data\n\n", "")]
    [InlineData("id: 7\nretry: 10\n\n", "")]
    [InlineData("database: x\n\n", "")]
    public void Data_follows_the_specification(string sseEvent, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(SseEventReader.Data(Encoding.UTF8.GetBytes(sseEvent))));

    [Fact]
    public async Task Splits_events_as_received_with_comments_and_CRLF()
    {
        const string Body = ": keep-alive\n\ndata: {\"a\":1}\r\n\r\nevent: x\ndata: 2\ndata: 3\n\ndata: [DONE]\n\n";
        var events = await ReadAllAsync(Body, chunk: 3);
        Assert.Equal([": keep-alive\n\n", "data: {\"a\":1}\r\n\r\n", "event: x\ndata: 2\ndata: 3\n\n", "data: [DONE]\n\n"], events);
        Assert.Equal(Body, string.Concat(events));
    }

    [Fact]
    public async Task An_event_over_the_cap_is_malformed()
    {
        var big = "data: \"" + new string('x', 5000) + "\"\n\n";
        var exception = await Assert.ThrowsAsync<ProviderException>(() => ReadAllAsync("data: 1\n\n" + big, chunk: 512, maxEventBytes: 2048));
        Assert.Equal(FailureKind.MalformedResponse, exception.Failure.Kind);
    }

    [Fact]
    public async Task An_endless_event_is_malformed_before_the_stream_ends()
    {
        var exception = await Assert.ThrowsAsync<ProviderException>(() => ReadAllAsync("data: " + new string('x', 100_000), chunk: 4096, maxEventBytes: 4096));
        Assert.Equal(FailureKind.MalformedResponse, exception.Failure.Kind);
    }

    [Fact]
    public async Task A_stream_cut_inside_an_event_is_an_IO_error() =>
        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync("data: 1\n\ndata: 2", chunk: 4));

    private async Task<List<string>> ReadAllAsync(string body, int chunk, int maxEventBytes = SseEventReader.DefaultMaxEventBytes)
    {
        await using var reader = new SseEventReader(new ChunkedStream(Encoding.UTF8.GetBytes(body), chunk), maxEventBytes: maxEventBytes);
        var events = new List<string>();
        while (await reader.MoveNextAsync(_ct))
        {
            events.Add(Encoding.UTF8.GetString(reader.Current.Span));
        }
        return events;
    }

    /// <summary>A body that arrives a few bytes per read, as from a network.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
