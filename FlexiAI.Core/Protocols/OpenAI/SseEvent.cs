using FlexiAI.Http;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>Helpers for one server-sent event's bytes.</summary>
public static class SseEvent
{
    public static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    /// <summary>The payload of the event's <c>data:</c> line(s), trimmed (single-line data, as OpenAI sends).</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent) => SseEventReader.Data(sseEvent);

    public static bool IsDone(ReadOnlySpan<byte> sseEvent) => Data(sseEvent).SequenceEqual("[DONE]"u8);

    /// <summary>An error event for a stream that broke after its first chunk: the caller must not mistake it for a complete answer.</summary>
    public static byte[] Error(string message, string code)
    {
        var json = OpenAIError.Serialize(message, "api_error", null, code);
        var bytes = new byte[6 + json.Length + 2];
        "data: "u8.CopyTo(bytes);
        json.CopyTo(bytes.AsSpan(6));
        "\n\n"u8.CopyTo(bytes.AsSpan(6 + json.Length));
        return bytes;
    }
}
