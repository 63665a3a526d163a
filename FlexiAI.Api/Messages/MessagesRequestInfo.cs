using System.Text.Json;
using FlexiAI.Options;
using FlexiAI.Protocols;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.Messages;

/// <summary>
/// What the gateway needs to know about an Anthropic Messages request (<c>POST /v1/messages</c>) before routing it, and
/// the checks that make a malformed request a 400 before any provider is called (so a caller's mistake never counts
/// against a provider): a JSON object with <c>model</c> (and where its value sits, for the pass-through model swap),
/// <c>max_tokens</c>, non-empty <c>messages</c> of <c>user</c>/<c>assistant</c> turns whose content is a string or an
/// array of typed blocks, and the documented types of <c>system</c>, <c>stream</c>, <c>temperature</c>, <c>top_p</c>,
/// <c>top_k</c>, <c>stop_sequences</c>, <c>tools</c>, <c>tool_choice</c>, <c>metadata</c>. Other fields are forwarded
/// as sent.
/// </summary>
public sealed class MessagesRequestInfo : ForwardedRequestInfo
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private MessagesRequestInfo(string model, int modelStart, int modelEnd, bool stream)
        : base(model, modelStart, modelEnd, stream)
    {
    }

    /// <summary>
    /// Reads and validates a Messages request; on failure null and an error naming the field. A <c>count_tokens</c>
    /// request has no <c>max_tokens</c>.
    /// </summary>
    public static MessagesRequestInfo? TryParse(ReadOnlyMemory<byte> body, LimitsOptions limits, bool countTokens, out RequestError? error)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            error = new RequestError("The request body is not valid UTF-8.", null);
            return null;
        }
        if (body.IsEmpty)
        {
            error = new RequestError("The request body is empty; expected a JSON object with 'model', 'max_tokens' and 'messages'.", null);
            return null;
        }
        try
        {
            var (model, start, end) = LocateModel(body.Span);
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = ReaderOptions.MaxDepth });
            error = MessagesRequestValidator.Validate(document.RootElement, limits, countTokens);
            if (error is not null)
            {
                return null;
            }
            if (model is null)
            {
                error = new RequestError("model: Field required ('default' or a route from GET /v1/models).", "model");
                return null;
            }
            var stream = document.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            return new MessagesRequestInfo(model, start, end, stream);
        }
        catch (JsonException exception)
        {
            error = new RequestError($"The request body is not valid JSON: {exception.Message}", null);
            return null;
        }
    }

    /// <summary>The top-level <c>model</c> string and its token's byte range; null when absent or not a string.</summary>
    private static (string? Model, int Start, int End) LocateModel(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, 0, 0);
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isModel = reader.ValueTextEquals("model"u8);
            reader.Read();
            if (isModel && reader.TokenType == JsonTokenType.String)
            {
                return (reader.GetString(), (int)reader.TokenStartIndex, (int)reader.BytesConsumed);
            }
            reader.Skip();
        }
        return (null, 0, 0);
    }
}
