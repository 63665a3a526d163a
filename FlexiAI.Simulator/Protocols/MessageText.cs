using System.Text;
using System.Text.Json;

namespace FlexiAI.Simulator.Protocols;

/// <summary>Reads the text of a message <c>content</c> (or Anthropic <c>system</c>): a string or an array of parts (images and tool results described).</summary>
internal static class MessageText
{
    /// <summary>The text of a string, or the <c>text</c> parts of an array joined by newlines; "" otherwise.</summary>
    public static string Extract(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                StringBuilder? text = null;
                foreach (var part in content.EnumerateArray())
                {
                    if (Part(part) is { } piece)
                    {
                        text ??= new StringBuilder();
                        if (text.Length > 0)
                        {
                            text.Append('\n');
                        }

                        text.Append(piece);
                    }
                }

                return text?.ToString() ?? "";
            default:
                return "";
        }
    }

    /// <summary>
    /// The text of one part: a text part's text (Chat Completions, Messages and Responses API parts); an image described by media type and size
    /// (<c>[image image/png, 68 bytes]</c>, or <c>[image at URL]</c>); a tool result as <c>tool result: ...</c>.
    /// </summary>
    private static string? Part(JsonElement part)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type))
        {
            return null;
        }
        // input_text, output_text: the Responses API's text parts.
        if (type.ValueEquals("text") || type.ValueEquals("input_text") || type.ValueEquals("output_text"))
        {
            return part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        if (type.ValueEquals("tool_result"))
        {
            return part.TryGetProperty("content", out var result) ? "tool result: " + Extract(result) : "tool result:";
        }
        if (type.ValueEquals("image_url") && part.TryGetProperty("image_url", out var image) && image.TryGetProperty("url", out var url))
        {
            return DescribeImage(url.GetString() ?? "");
        }
        if (type.ValueEquals("image") && part.TryGetProperty("source", out var source))
        {
            return source.TryGetProperty("data", out var data)
                ? $"[image {source.GetProperty("media_type").GetString()}, {Base64Bytes(data.GetString() ?? "")} bytes]"
                : $"[image at {(source.TryGetProperty("url", out var link) ? link.GetString() : "?")}]";
        }
        return null;
    }

    private static string DescribeImage(string url)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal))
        {
            return $"[image at {url}]";
        }
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? url[5..] : url[5..comma];
        var mediaType = header.Split(';')[0];
        return $"[image {mediaType}, {Base64Bytes(comma < 0 ? "" : url[(comma + 1)..])} bytes]";
    }

    private static int Base64Bytes(string base64) =>
        base64.Length / 4 * 3 - (base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0);

    /// <summary>ceil(<paramref name="characters"/> / 4) + 3 per message.</summary>
    public static int EstimateTokens(long characters, int messages) =>
        checked((int)((characters + 3) / 4) + (3 * messages));
}
