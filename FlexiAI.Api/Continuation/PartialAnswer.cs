using System.Text;
using System.Text.Json;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Continuation;

/// <summary>
/// What a continued stream has sent the caller so far, read from the OpenAI chunk events as they are written: the
/// assistant text, whether a tool call has started (then it cannot be continued), the first chunk's id, time and model
/// (the trailer reuses them) and the content chunks of the current part (the broken part's output tokens, as it never
/// sent its usage).
/// </summary>
internal sealed class PartialAnswer
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    public int Length => _text.Length;

    public bool ToolCallStarted { get; private set; }

    /// <summary>Content chunks seen since <see cref="StartPart"/>.</summary>
    public int PartChunks { get; private set; }

    public string Id { get; private set; } = "";

    public long Created { get; private set; }

    public string Model { get; private set; } = "";

    /// <summary>A new provider's part begins: its chunks are counted from zero.</summary>
    public void StartPart() => PartChunks = 0;

    /// <summary>Reads one event about to be written to the caller.</summary>
    public void Observe(ReadOnlySpan<byte> sseEvent)
    {
        var data = SseEvent.Data(sseEvent);
        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return;
        }
        var reader = new Utf8JsonReader(data);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (Id.Length == 0)
        {
            Id = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
            Created = root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.Number ? created.GetInt64() : 0;
            Model = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : "";
        }
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var choice in choices.EnumerateArray())
        {
            if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
            {
                _text.Append(text);
                PartChunks++;
            }
            if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
            {
                ToolCallStarted = true;
            }
        }
    }
}
