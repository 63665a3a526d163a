using System.Buffers;
using System.Text.Json;
using FlexiAI.Simulator.Json;

namespace FlexiAI.Simulator.Protocols.OpenAI;

/// <summary>
/// A minimal, faithful OpenAI Responses API (<c>POST /v1/responses</c>): text input (a string, or message items with
/// text content, plus <c>instructions</c>), one assistant message of <c>output_text</c> out. Streamed as OpenAI streams
/// it: <c>response.created</c>, <c>response.in_progress</c>, <c>response.output_item.added</c>,
/// <c>response.content_part.added</c>, one <c>response.output_text.delta</c> per word, <c>response.output_text.done</c>,
/// <c>response.content_part.done</c>, <c>response.output_item.done</c>, then <c>response.completed</c> (or
/// <c>response.incomplete</c> when <c>max_output_tokens</c> cut it), each with its <c>sequence_number</c>; no <c>[DONE]</c>.
/// </summary>
internal sealed class OpenAIResponsesProtocol : OpenAIProtocol
{
    public override string IdPrefix => "resp_";

    public override async ValueTask<ParseResult> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Invalid("The request body must be a JSON object.");
        }
        if (!root.TryGetProperty("input", out var input) || input.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return ParseResult.Invalid("Missing required parameter: 'input' (a string or an array of input items).");
        }
        int? maxOutput = null;
        if (root.TryGetProperty("max_output_tokens", out var max) && max.ValueKind != JsonValueKind.Null)
        {
            if (!max.TryGetInt32(out var value) || value < 1)
            {
                return ParseResult.Invalid("Invalid 'max_output_tokens': must be a positive integer.");
            }
            maxOutput = value;
        }
        var lastUser = "";
        long characters = 0;
        var messages = 0;
        if (input.ValueKind == JsonValueKind.String)
        {
            lastUser = input.GetString() ?? "";
            characters = lastUser.Length;
            messages = 1;
        }
        else
        {
            foreach (var item in input.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return ParseResult.Invalid("Invalid 'input': each item must be an object.");
                }
                var text = item.TryGetProperty("content", out var content) ? MessageText.Extract(content) : "";
                characters += text.Length;
                messages++;
                if (item.TryGetProperty("role", out var role) && role.ValueEquals("user"))
                {
                    lastUser = text;
                }
            }
        }
        if (root.TryGetProperty("instructions", out var instructions) && instructions.ValueKind == JsonValueKind.String)
        {
            characters += instructions.GetString()!.Length;
            messages++;
        }
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        return ParseResult.Valid(new ChatRequestSummary(string.IsNullOrEmpty(model) ? null : model, stream, false, maxOutput,
            MessageText.EstimateTokens(characters, messages), lastUser));
    }

    public override byte[] Completion(Answer answer) => Json(writer => WriteResponse(writer, answer, finished: true));

    public override async Task StreamAsync(SseWriter sse, Answer answer, bool includeUsage, CancellationToken cancellationToken)
    {
        var sequence = 0;
        var itemId = MessageId(answer);
        await sse.WriteRawAsync(Event("response.created", sequence++, w => Property(w, "response", x => WriteResponse(x, answer, finished: false))), cancellationToken);
        await sse.WriteRawAsync(Event("response.in_progress", sequence++, w => Property(w, "response", x => WriteResponse(x, answer, finished: false))), cancellationToken);
        await sse.WriteRawAsync(Event("response.output_item.added", sequence++, w =>
        {
            w.WriteNumber("output_index", 0);
            Property(w, "item", x => WriteMessage(x, answer, finished: false));
        }), cancellationToken);
        await sse.WriteRawAsync(Event("response.content_part.added", sequence++, w =>
        {
            WritePosition(w, itemId);
            Property(w, "part", x => WriteTextPart(x, ""));
        }), cancellationToken);
        for (var i = 0; i < answer.Words.Count; i++)
        {
            var delta = answer.Chunk(i);
            await sse.WriteRawAsync(Event("response.output_text.delta", sequence++, w =>
            {
                WritePosition(w, itemId);
                w.WriteString("delta", delta);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            }), cancellationToken);
        }
        await sse.WriteRawAsync(Event("response.output_text.done", sequence++, w =>
        {
            WritePosition(w, itemId);
            w.WriteString("text", answer.Text);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        }), cancellationToken);
        await sse.WriteRawAsync(Event("response.content_part.done", sequence++, w =>
        {
            WritePosition(w, itemId);
            Property(w, "part", x => WriteTextPart(x, answer.Text));
        }), cancellationToken);
        await sse.WriteRawAsync(Event("response.output_item.done", sequence++, w =>
        {
            w.WriteNumber("output_index", 0);
            Property(w, "item", x => WriteMessage(x, answer, finished: true));
        }), cancellationToken);
        var final = answer.Truncated ? "response.incomplete" : "response.completed";
        await sse.WriteRawAsync(Event(final, sequence, w => Property(w, "response", x => WriteResponse(x, answer, finished: true))),
            cancellationToken, terminal: true);
    }

    private static string MessageId(Answer answer) => "msg_" + answer.Id["resp_".Length..];

    /// <summary>The Response object: <c>in_progress</c> with no output, or finished with the message and usage.</summary>
    private static void WriteResponse(Utf8JsonWriter writer, Answer answer, bool finished)
    {
        writer.WriteStartObject();
        writer.WriteString("id", answer.Id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", answer.Created);
        writer.WriteString("status", !finished ? "in_progress" : answer.Truncated ? "incomplete" : "completed");
        writer.WriteNull("error");
        if (finished && answer.Truncated)
        {
            writer.WriteStartObject("incomplete_details");
            writer.WriteString("reason", "max_output_tokens");
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("incomplete_details");
        }
        writer.WriteNull("instructions");
        writer.WriteNull("max_output_tokens");
        writer.WriteString("model", answer.Model);
        writer.WriteStartArray("output");
        if (finished)
        {
            WriteMessage(writer, answer, finished: true);
        }
        writer.WriteEndArray();
        writer.WriteBoolean("parallel_tool_calls", true);
        writer.WriteNull("previous_response_id");
        writer.WriteStartObject("reasoning");
        writer.WriteNull("effort");
        writer.WriteNull("summary");
        writer.WriteEndObject();
        writer.WriteBoolean("store", false);
        writer.WriteNumber("temperature", 1.0);
        writer.WriteStartObject("text");
        writer.WriteStartObject("format");
        writer.WriteString("type", "text");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("tool_choice", "auto");
        writer.WriteStartArray("tools");
        writer.WriteEndArray();
        writer.WriteNumber("top_p", 1.0);
        writer.WriteString("truncation", "disabled");
        if (finished)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", answer.PromptTokens);
            writer.WriteStartObject("input_tokens_details");
            writer.WriteNumber("cached_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("output_tokens", answer.CompletionTokens);
            writer.WriteStartObject("output_tokens_details");
            writer.WriteNumber("reasoning_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("total_tokens", answer.PromptTokens + answer.CompletionTokens);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("usage");
        }
        writer.WriteNull("user");
        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, Answer answer, bool finished)
    {
        writer.WriteStartObject();
        writer.WriteString("id", MessageId(answer));
        writer.WriteString("type", "message");
        writer.WriteString("status", finished ? (answer.Truncated ? "incomplete" : "completed") : "in_progress");
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        if (finished)
        {
            WriteTextPart(writer, answer.Text);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "output_text");
        writer.WriteString("text", text);
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter writer, string itemId)
    {
        writer.WriteString("item_id", itemId);
        writer.WriteNumber("output_index", 0);
        writer.WriteNumber("content_index", 0);
    }

    private static void Property(Utf8JsonWriter writer, string name, Action<Utf8JsonWriter> value)
    {
        writer.WritePropertyName(name);
        value(writer);
    }

    /// <summary><c>event: {type}</c> and <c>data: {"type":..., "sequence_number":..., ...}</c>.</summary>
    private static byte[] Event(string type, int sequence, Action<Utf8JsonWriter> fields)
    {
        var json = Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", sequence);
            fields(writer);
            writer.WriteEndObject();
        });
        return [.. "event: "u8, .. System.Text.Encoding.UTF8.GetBytes(type), .. "\ndata: "u8, .. json, .. "\n\n"u8];
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, SimulatorJson.WriterOptions))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
