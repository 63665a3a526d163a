using System.Text.Json;
using FlexiAI.Routing;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// One Microsoft.Extensions.AI content as a Messages API content block: text; an image as a base64 source
/// (<see cref="DataContent"/>) or a URL source (<see cref="UriContent"/>); a <see cref="FunctionCallContent"/> as
/// <c>tool_use</c> (id kept); a <see cref="FunctionResultContent"/> as <c>tool_result</c>. Anything else is refused.
/// </summary>
internal static class AnthropicContentWriter
{
    /// <summary>The image types the Messages API accepts.</summary>
    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    /// <summary>Whether <paramref name="content"/> becomes a block: blank text and bookkeeping (usage, stream pieces) do not.</summary>
    public static bool HasBlock(AIContent content, bool assistant) => content switch
    {
        TextContent text => !string.IsNullOrWhiteSpace(assistant ? text.Text.TrimEnd() : text.Text),
        UsageContent or ToolCallDelta or TextReasoningContent => false,
        _ => true,
    };

    public static void WriteBlock(Utf8JsonWriter writer, AIContent content, bool assistant)
    {
        switch (content)
        {
            case TextContent text:
                AnthropicRequestWriter.WriteTextBlock(writer, assistant ? text.Text.TrimEnd() : text.Text);
                break;
            case DataContent data when !assistant && IsImage(data.MediaType):
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image"u8);
                writer.WriteStartObject("source"u8);
                writer.WriteString("type"u8, "base64"u8);
                writer.WriteString("media_type"u8, data.MediaType);
                writer.WriteString("data"u8, data.Base64Data.Span);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case UriContent uri when !assistant && uri.HasTopLevelMediaType("image") && uri.Uri.Scheme == Uri.UriSchemeHttps:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image"u8);
                writer.WriteStartObject("source"u8);
                writer.WriteString("type"u8, "url"u8);
                writer.WriteString("url"u8, uri.Uri.AbsoluteUri);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case FunctionCallContent call when assistant:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_use"u8);
                writer.WriteString("id"u8, call.CallId);
                writer.WriteString("name"u8, call.Name);
                writer.WritePropertyName("input"u8);
                ToolCallArguments.Write(writer, call.Arguments);
                writer.WriteEndObject();
                break;
            case FunctionResultContent result when !assistant:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_result"u8);
                writer.WriteString("tool_use_id"u8, result.CallId);
                writer.WriteString("content"u8, ResultText(result.Result));
                if (result.Exception is not null)
                {
                    writer.WriteBoolean("is_error"u8, true);
                }
                writer.WriteEndObject();
                break;
            default:
                throw ProviderException.Unsupported(
                    $"{Describe(content)} in {(assistant ? "an assistant" : "a user or tool")} message is not supported by the Anthropic translation");
        }
    }

    private static bool IsImage(string mediaType) => Array.IndexOf(ImageTypes, mediaType.ToLowerInvariant()) >= 0;

    private static string Describe(AIContent content) => content switch
    {
        DataContent data => $"data of type {data.MediaType}",
        UriContent uri => $"a link to {uri.MediaType} ({uri.Uri.Scheme})",
        _ => $"content of type {content.GetType().Name}",
    };

    /// <summary>A function's result as the <c>tool_result</c>'s text: a string as it is, anything else as JSON.</summary>
    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
