using System.Buffers;
using FlexiAI.Http;

namespace FlexiAI.Tests.Http;

/// <summary>A provider's whole answer lands in a pooled buffer intact, whatever its length and whether it declared one.</summary>
public sealed class AnswerBufferTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(876, true)]
    [InlineData(876, false)]
    [InlineData(4096, false)]
    [InlineData(300_000, false)]
    [InlineData(300_000, true)]
    public async Task Every_byte_arrives_in_order(int size, bool declared)
    {
        var sent = new byte[size];
        new Random(size).NextBytes(sent);
        using var content = new StreamContent(new NonSeekableStream(sent));
        if (declared)
        {
            content.Headers.ContentLength = size;
        }

        var (rented, length) = await AnswerBuffer.ReadAsync(content, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(size, length);
            Assert.True(sent.AsSpan().SequenceEqual(rented.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A body of unknown length that arrives a few bytes at a time, as from a socket.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }
}
