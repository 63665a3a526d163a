using FlexiAI.Api.Apis;
using FlexiAI.Protocols.OpenAI;
using FlexiAI.Routing;

namespace FlexiAI.Api.PassThrough;

/// <summary>
/// Streams an opened provider answer (<see cref="PassThroughAnswer"/>) to the caller as it arrives, as a reverse proxy
/// does, keeping only its last <see cref="TailBytes"/> to read <c>usage</c> from (tokens count against the limits as
/// before). The provider is judged when the answer has been read, as a stream is: a read that fails counts as an
/// interrupted answer, an answer that does not end as a JSON object as a malformed one, otherwise a success. The
/// answer's last byte is held back until then: on a failure the caller's connection is cut without it, so a broken
/// answer never passes for a whole one. Only a failure before the first byte fails over (an error status, an answer
/// that does not start as a JSON object: <see cref="PassThroughAnswer.OpenAsync"/>).
/// </summary>
internal static class PassThroughAnswerWriter
{
    /// <summary>How much of the answer's end is kept for its <c>usage</c> (an embeddings answer ends with it).</summary>
    public const int TailBytes = PassThroughAnswer.BufferBytes - PassThroughAnswer.ReadBytes;

    public static async Task WriteAsync(HttpContext context, GatewayServices services, RouteResult<PassThroughAnswer> result)
    {
        var response = context.Response;
        var completion = result.Completion!;
        var answer = result.Value;
        var aborted = context.RequestAborted;
        response.ContentType = answer.ContentType;
        response.ContentLength = answer.ContentLength;
        ProviderFailure? failure = null;
        var tailLength = 0;
        try
        {
            var buffer = answer.Buffer;
            var length = answer.FirstLength;
            tailLength = KeepTail(buffer, buffer.AsSpan(0, length), tailLength);
            while (true)
            {
                // All but the last byte read: it goes out once the answer is judged whole, so that a malformed answer
                // never reaches the caller complete (its client sees a cut answer, not a 200 it would parse).
                if (length > 1)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, length - 1), aborted);
                }
                buffer[0] = buffer[length - 1];
                int read;
                try
                {
                    read = await answer.Body.ReadAsync(buffer.AsMemory(1, PassThroughAnswer.ReadBytes - 1), completion.Context.CancellationToken);
                }
                catch (Exception exception) when (!aborted.IsCancellationRequested)
                {
                    failure = StreamingResult.Interrupted(exception, completion);
                    break;
                }
                if (read == 0)
                {
                    break;
                }
                tailLength = KeepTail(buffer, buffer.AsSpan(1, read), tailLength);
                length = 1 + read;
            }
            if (failure is null && !EndsAsObject(Tail(buffer, tailLength)))
            {
                failure = ProviderException.Malformed("the provider's answer did not end as a JSON object").Failure;
            }
            if (failure is null)
            {
                await response.Body.WriteAsync(buffer.AsMemory(0, 1), aborted);
            }
            else
            {
                context.Abort();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The caller went away; that says nothing about the provider.
        }
        finally
        {
            var usage = failure is null && !aborted.IsCancellationRequested ? ResponseInspector.TrailingUsage(Tail(answer.Buffer, tailLength)) : null;
            usage?.Tag(completion.Activity);
            ChatCompletionsApi.RecordTokens(context, services, result.Provider.Name, usage);
            await answer.DisposeAsync();
            await completion.CompleteAsync(failure);
        }
    }

    /// <summary>The kept end of the answer: the last <c>length</c> bytes of the buffer's tail part.</summary>
    private static ReadOnlySpan<byte> Tail(byte[] buffer, int length) => buffer.AsSpan(PassThroughAnswer.BufferBytes - length, length);

    /// <summary>Adds <paramref name="read"/> (bytes of the buffer's read part) to the kept end in the buffer's tail part; returns its new length.</summary>
    private static int KeepTail(byte[] buffer, ReadOnlySpan<byte> read, int tailLength)
    {
        var tail = buffer.AsSpan(PassThroughAnswer.ReadBytes, TailBytes);
        if (read.Length >= TailBytes)
        {
            read[^TailBytes..].CopyTo(tail);
            return TailBytes;
        }
        // The kept end is right-aligned: its newest part moves towards the front, the new bytes go to the end.
        var keep = Math.Min(tailLength, TailBytes - read.Length);
        tail.Slice(TailBytes - keep, keep).CopyTo(tail.Slice(TailBytes - keep - read.Length, keep));
        read.CopyTo(tail[(TailBytes - read.Length)..]);
        return keep + read.Length;
    }

    private static bool EndsAsObject(ReadOnlySpan<byte> tail) =>
        tail.TrimEnd(" \t\r\n"u8) is { IsEmpty: false } end && end[^1] == (byte)'}';
}
