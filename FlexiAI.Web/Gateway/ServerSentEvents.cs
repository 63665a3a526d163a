using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FlexiAI.Web.Gateway;

/// <summary>Reads the gateway's OpenAI-style stream: <c>data:</c> lines of chunks, an optional error event, <c>[DONE]</c>.</summary>
public static class ServerSentEvents
{
    private const string DataPrefix = "data:";

    /// <summary>
    /// The events of a chat completion stream. A stream that ends without <c>[DONE]</c> and without an error event
    /// ends with a <see cref="ChatStreamEvent.Failed"/> of its own: an answer is never silently cut short.
    /// </summary>
    public static async IAsyncEnumerable<ChatStreamEvent> ReadChatEventsAsync(
        TextReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var done = false;
        var failed = false;
        while (!done && await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (!line.StartsWith(DataPrefix, StringComparison.Ordinal))
            {
                continue; // blank separators, comments (": keep-alive"), event: and id: lines
            }

            var data = line.AsSpan(DataPrefix.Length).Trim();
            if (data.SequenceEqual("[DONE]"))
            {
                done = true;
                break;
            }

            foreach (var item in ParseChunk(data.ToString()))
            {
                failed |= item is ChatStreamEvent.Failed;
                yield return item;
            }

            if (failed)
            {
                yield break;
            }
        }

        if (!done && !failed)
        {
            yield return new ChatStreamEvent.Failed(new GatewayError(
                "The stream ended before the gateway said it was done; the answer is incomplete.", null, "stream_ended", null));
        }
    }

    /// <summary>
    /// The events of an Anthropic Messages stream (<c>/v1/messages</c>): <c>text_delta</c>s, then <c>message_delta</c>'s
    /// stop reason and usage; it is done at <c>message_stop</c>. An <c>error</c> event, or an end before
    /// <c>message_stop</c>, is a <see cref="ChatStreamEvent.Failed"/>.
    /// </summary>
    public static async IAsyncEnumerable<ChatStreamEvent> ReadMessagesEventsAsync(
        TextReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var done = false;
        while (!done && await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (!line.StartsWith(DataPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            ChatStreamEvent? item = null;
            ChatStreamEvent? usage = null;
            try
            {
                using var document = JsonDocument.Parse(line.AsMemory(DataPrefix.Length));
                var root = document.RootElement;
                switch (String(root, "type"))
                {
                    case "content_block_delta" when root.TryGetProperty("delta", out var delta) && String(delta, "type") == "text_delta":
                        item = String(delta, "text") is { Length: > 0 } text ? new ChatStreamEvent.Delta(text) : null;
                        break;
                    case "message_delta":
                        item = root.TryGetProperty("delta", out var messageDelta) && String(messageDelta, "stop_reason") is { } reason
                            ? new ChatStreamEvent.Finished(reason)
                            : null;
                        usage = root.TryGetProperty("usage", out var counts)
                            ? new ChatStreamEvent.Usage(Int(counts, "input_tokens") + Int(counts, "cache_read_input_tokens"), Int(counts, "output_tokens"))
                            : null;
                        break;
                    case "message_stop":
                        done = true;
                        break;
                    case "error":
                        item = new ChatStreamEvent.Failed(ReadError(root) ?? new GatewayError(root.GetRawText(), null, null, null));
                        break;
                }
            }
            catch (JsonException exception)
            {
                item = new ChatStreamEvent.Failed(new GatewayError(
                    $"The gateway sent an event that is not JSON ({exception.Message}).", null, "malformed_event", null));
            }
            if (item is not null)
            {
                yield return item;
            }
            if (usage is not null)
            {
                yield return usage;
            }
            if (item is ChatStreamEvent.Failed)
            {
                yield break;
            }
        }
        if (!done)
        {
            yield return new ChatStreamEvent.Failed(new GatewayError(
                "The stream ended before message_stop; the answer is incomplete.", null, "stream_ended", null));
        }
    }

    /// <summary>An OpenAI-shaped error (<c>{"error":{...}}</c>) in <paramref name="json"/>, or none.</summary>
    public static GatewayError? TryParseError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ReadError(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Reading ends quietly when the connection breaks after the gateway has sent everything; a break before
    // [DONE] turns into the "ended before done" failure above rather than an exception in the page.
    private static async Task<string?> ReadLineAsync(TextReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static List<ChatStreamEvent> ParseChunk(string data)
    {
        var events = new List<ChatStreamEvent>(2);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException exception)
        {
            events.Add(new ChatStreamEvent.Failed(new GatewayError(
                $"The gateway sent an event that is not JSON ({exception.Message}).", null, "malformed_event", null)));
            return events;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return events;
            }

            if (ReadError(root) is { } error)
            {
                events.Add(new ChatStreamEvent.Failed(error));
                return events;
            }

            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                        && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                        && content.GetString() is { Length: > 0 } text)
                    {
                        events.Add(new ChatStreamEvent.Delta(text));
                    }

                    if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                    {
                        events.Add(new ChatStreamEvent.Finished(finish.GetString()!));
                    }
                }
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                events.Add(new ChatStreamEvent.Usage(Int(usage, "prompt_tokens"), Int(usage, "completion_tokens")));
            }

            if (root.TryGetProperty("flexiai_continuation", out var continuation) && continuation.ValueKind == JsonValueKind.Object)
            {
                var from = continuation.TryGetProperty("from", out var broken) && broken.ValueKind == JsonValueKind.Array
                    ? [.. broken.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!)]
                    : new List<string>();
                events.Add(new ChatStreamEvent.Continued(from, String(continuation, "provider") ?? "", Int(continuation, "offset")));
            }
        }

        return events;
    }

    private static GatewayError? ReadError(JsonElement root)
    {
        if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var message = String(error, "message") ?? error.GetRawText();
        return new GatewayError(message, String(error, "type"), String(error, "code"), null);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : 0;
}
