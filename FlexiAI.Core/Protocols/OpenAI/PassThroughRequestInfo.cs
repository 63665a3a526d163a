using System.Text.Json;

namespace FlexiAI.Protocols.OpenAI;

/// <summary>
/// What the gateway needs from a request of an API it only passes through (<c>/v1/embeddings</c>, <c>/v1/responses</c>),
/// read in one forward pass without a DOM: the model and where its value sits (so the provider's model is swapped in
/// without re-serialising), whether to stream, and the types of the fields it checks. Every other byte goes to the
/// provider as sent: a request the provider rejects comes back as it answered, without counting against it.
/// </summary>
public sealed class PassThroughRequestInfo : ForwardedRequestInfo
{
    /// <summary>OpenAI's limit on the inputs of one embeddings request.</summary>
    public const int MaxEmbeddingInputs = 2048;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private PassThroughRequestInfo(string model, int modelStart, int modelEnd, bool stream)
        : base(model, modelStart, modelEnd, stream)
    {
    }

    /// <summary>An embeddings request: <c>model</c>, <c>input</c> (a string, strings, tokens or token arrays), <c>encoding_format</c>, <c>dimensions</c>.</summary>
    public static PassThroughRequestInfo? TryParseEmbeddings(ReadOnlySpan<byte> body, out RequestError? error) =>
        TryParse(body, embeddings: true, out error);

    /// <summary>A Responses API request: <c>model</c>, <c>input</c> (a string or items), <c>stream</c>, <c>instructions</c>, <c>max_output_tokens</c>.</summary>
    public static PassThroughRequestInfo? TryParseResponses(ReadOnlySpan<byte> body, out RequestError? error) =>
        TryParse(body, embeddings: false, out error);

    private static PassThroughRequestInfo? TryParse(ReadOnlySpan<byte> body, bool embeddings, out RequestError? error)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            error = new RequestError("The request body is not valid UTF-8.", null);
            return null;
        }
        try
        {
            return Parse(body, embeddings, out error);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            error = new RequestError($"The request body is not valid JSON: {exception.Message}", null);
            return null;
        }
    }

    private static PassThroughRequestInfo? Parse(ReadOnlySpan<byte> body, bool embeddings, out RequestError? error)
    {
        error = null;
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (body.IsEmpty || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = new RequestError("The request body must be a JSON object with 'model' and 'input'.", null);
            return null;
        }
        string? model = null;
        int modelStart = 0, modelEnd = 0;
        var stream = false;
        var sawInput = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length is 0 or > 256)
                {
                    error = new RequestError("'model' must be a string of 1 to 256 characters.", "model");
                    return null;
                }
                modelStart = (int)reader.TokenStartIndex;
                modelEnd = (int)reader.BytesConsumed;
                model = reader.GetString();
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                sawInput = true;
                reader.Read();
                error = embeddings ? CheckEmbeddingInput(ref reader) : CheckResponsesInput(ref reader);
            }
            else if (!embeddings && reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                stream = reader.TokenType == JsonTokenType.True;
                error = reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null
                    ? null : new RequestError("'stream' must be a boolean.", "stream");
            }
            else if (!embeddings && reader.ValueTextEquals("instructions"u8))
            {
                reader.Read();
                error = reader.TokenType is JsonTokenType.String or JsonTokenType.Null
                    ? null : new RequestError("'instructions' must be a string.", "instructions");
            }
            else if (!embeddings && reader.ValueTextEquals("max_output_tokens"u8))
            {
                error = CheckPositiveInteger(ref reader, "max_output_tokens");
            }
            else if (embeddings && reader.ValueTextEquals("dimensions"u8))
            {
                error = CheckPositiveInteger(ref reader, "dimensions");
            }
            else if (embeddings && reader.ValueTextEquals("encoding_format"u8))
            {
                reader.Read();
                error = reader.TokenType == JsonTokenType.Null || reader.ValueTextEquals("float"u8) || reader.ValueTextEquals("base64"u8)
                    ? null : new RequestError("'encoding_format' must be 'float' or 'base64'.", "encoding_format");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
            if (error is not null)
            {
                return null;
            }
        }
        if (model is null)
        {
            error = new RequestError("You must provide a model parameter (a route, a model from GET /v1/models, or provider/model).", "model");
            return null;
        }
        if (!sawInput && embeddings)
        {
            error = new RequestError("'input' is required: a string, an array of strings, or an array of token arrays.", "input");
            return null;
        }
        return new PassThroughRequestInfo(model, modelStart, modelEnd, stream);
    }

    /// <summary>A non-empty string, or 1 to 2048 of: non-empty strings, token integers, or non-empty arrays of token integers.</summary>
    private static RequestError? CheckEmbeddingInput(ref Utf8JsonReader reader)
    {
        var invalid = new RequestError(
            $"'input' must be a non-empty string, or an array of 1 to {MaxEmbeddingInputs} non-empty strings, tokens or token arrays.", "input");
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueSpan.IsEmpty ? invalid : null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return invalid;
        }
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            var valid = reader.TokenType switch
            {
                JsonTokenType.String => !reader.ValueSpan.IsEmpty,
                JsonTokenType.Number => reader.TryGetInt32(out var token) && token >= 0,
                JsonTokenType.StartArray => IsTokenArray(ref reader),
                _ => false,
            };
            if (!valid || count > MaxEmbeddingInputs)
            {
                return invalid;
            }
        }
        return count == 0 ? invalid : null;
    }

    private static bool IsTokenArray(ref Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var token) || token < 0)
            {
                reader.Skip();
                return false;
            }
            count++;
        }
        return count > 0;
    }

    /// <summary>A string, or an array of input items (objects, each checked by the provider).</summary>
    private static RequestError? CheckResponsesInput(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return new RequestError("'input' must be a string or an array of input items.", "input");
        }
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new RequestError($"'input[{index}]' must be an object (an input item).", $"input[{index}]");
            }
            reader.Skip();
            index++;
        }
        return null;
    }

    private static RequestError? CheckPositiveInteger(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null || (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value >= 1)
            ? null
            : new RequestError($"'{name}' must be a positive integer.", name);
    }
}
