using System.Text.Json;
using FlexiAI.Options;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// What the gateway needs to know about an OpenAI Chat Completions request before routing it, read in one
/// forward pass over the body with <see cref="Utf8JsonReader"/> (no DOM): the route (<c>model</c>) and where its
/// value sits in the body (so the pass-through path can swap in the provider's model without re-serialising),
/// whether to stream, and basic validation. Everything else in the body is left alone and forwarded as sent.
/// </summary>
public sealed class ChatRequestInfo
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private ChatRequestInfo(string model, int modelStart, int modelEnd, bool stream, bool includeUsage)
    {
        Model = model;
        ModelStart = modelStart;
        ModelEnd = modelEnd;
        Stream = stream;
        IncludeUsage = includeUsage;
    }

    public string Model { get; }

    /// <summary>Byte range of the <c>model</c> value token (quotes included) in the body.</summary>
    public int ModelStart { get; }

    public int ModelEnd { get; }

    public bool Stream { get; }

    /// <summary><c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; }

    /// <summary>Reads and validates; on failure returns null and an error that names the offending parameter.</summary>
    public static ChatRequestInfo? TryParse(ReadOnlySpan<byte> body, LimitsOptions limits, out RequestError? error)
    {
        // The reader does not check UTF-8 inside strings it only skips; a body that is not UTF-8 must not reach a provider
        // (whose rejection would then count against its breaker).
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            error = new RequestError("The request body is not valid UTF-8.", null);
            return null;
        }
        try
        {
            return Parse(body, limits, out error);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            error = new RequestError($"The request body is not valid JSON: {exception.Message}", null);
            return null;
        }
    }

    private static ChatRequestInfo? Parse(ReadOnlySpan<byte> body, LimitsOptions limits, out RequestError? error)
    {
        error = null;
        if (body.IsEmpty)
        {
            error = new RequestError("The request body is empty; expected a JSON object with 'model' and 'messages'.", null);
            return null;
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = new RequestError("The request body must be a JSON object.", null);
            return null;
        }

        string? model = null;
        int modelStart = 0, modelEnd = 0;
        bool stream = false, includeUsage = false, sawMessages = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = new RequestError("'model' must be a string.", "model");
                    return null;
                }
                modelStart = (int)reader.TokenStartIndex;
                modelEnd = (int)reader.BytesConsumed;
                model = reader.GetString();
                if (model!.Length is 0 or > 256)
                {
                    error = new RequestError("'model' must be between 1 and 256 characters.", "model");
                    return null;
                }
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    error = new RequestError("'stream' must be a boolean.", "stream");
                    return null;
                }
                stream = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("stream_options"u8))
            {
                if (!ReadStreamOptions(ref reader, ref includeUsage, out error))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                sawMessages = true;
                if (!MessagesValidator.Validate(ref reader, limits, out error))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("temperature"u8))
            {
                if (!ReadOptionalNumber(ref reader, "temperature", 0, 2, out error))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("top_p"u8))
            {
                if (!ReadOptionalNumber(ref reader, "top_p", 0, 1, out error))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8))
            {
                var name = reader.GetString()!;
                if (!ReadOptionalNumber(ref reader, name, 1, limits.MaxOutputTokens, out error, integer: true))
                {
                    return null;
                }
            }
            else if (OptionalFieldValidator.TryValidate(ref reader, out error))
            {
                if (error is not null)
                {
                    return null;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (model is null)
        {
            error = new RequestError("You must provide a model parameter ('default' or a route from GET /v1/models).", "model");
            return null;
        }
        if (!sawMessages)
        {
            error = new RequestError("'messages' is required and must be a non-empty array.", "messages");
            return null;
        }
        return new ChatRequestInfo(model, modelStart, modelEnd, stream, includeUsage);
    }

    private static bool ReadStreamOptions(ref Utf8JsonReader reader, ref bool includeUsage, out RequestError? error)
    {
        error = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = new RequestError("'stream_options' must be an object.", "stream_options");
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    error = new RequestError("'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
                    return false;
                }
                includeUsage = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Skip();
            }
        }
        return true;
    }

    private static bool ReadOptionalNumber(ref Utf8JsonReader reader, string name, double min, double max, out RequestError? error, bool integer = false)
    {
        error = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) ||
            value < min || value > max || (integer && value != Math.Floor(value)))
        {
            var kind = integer ? "an integer" : "a number";
            error = new RequestError($"'{name}' must be {kind} between {min} and {max}.", name);
            return false;
        }
        return true;
    }
}
