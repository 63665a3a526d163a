using System.Text.Json;
using FlexiAI.Routing;

namespace FlexiAI.Http;

/// <summary>
/// Reads what a provider's 400-class error body says about the request: too long for its context window, rejected by
/// its content policy, or something else wrong with it. Knows OpenAI's and Azure's <c>{"error":{"type","code","message"}}</c>,
/// Anthropic's <c>{"type":"error","error":{"type","message"}}</c> and the flat <c>{"type","code","message"}</c> of vLLM-style servers.
/// </summary>
internal static class ProviderErrorBody
{
    /// <summary>The request-level kind of a 4xx answer's body: <see cref="FailureKind.ContextLength"/>, <see cref="FailureKind.ContentPolicy"/> or <see cref="FailureKind.ClientError"/>.</summary>
    public static FailureKind Classify(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return FailureKind.ClientError;
        }
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return FailureKind.ClientError;
            }
            var top = ReadObject(ref reader);
            return Classify(top.Nested ?? top);
        }
        catch (JsonException)
        {
            return FailureKind.ClientError;
        }
    }

    private static FailureKind Classify(Fields error)
    {
        if (error.Code is "context_length_exceeded" || error.Type is "request_too_large" ||
            Mentions(error.Message, "prompt is too long") || Mentions(error.Message, "maximum context length"))
        {
            return FailureKind.ContextLength;
        }
        if (error.Code is "content_filter" or "content_policy_violation" || error.Type is "content_filter" or "content_policy_violation" ||
            Mentions(error.Message, "content filtering policy") || Mentions(error.Message, "content management policy"))
        {
            return FailureKind.ContentPolicy;
        }
        return FailureKind.ClientError;
    }

    private static bool Mentions(string? message, string phrase) =>
        message is not null && message.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads one object's <c>type</c>, <c>code</c>, <c>message</c> and (top level only) its <c>error</c> object.</summary>
    private static Fields ReadObject(ref Utf8JsonReader reader, bool nested = false)
    {
        var fields = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                fields.Type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                fields.Code = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                fields.Message = ReadString(ref reader);
            }
            else if (!nested && reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    fields.Nested = ReadObject(ref reader, nested: true);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return fields;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    private sealed class Fields
    {
        public string? Type { get; set; }
        public string? Code { get; set; }
        public string? Message { get; set; }
        public Fields? Nested { get; set; }
    }
}
