using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlexiAI.Simulator.Json;
using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Protocols.OpenAI;

/// <summary>
/// OpenAI's embeddings API (<c>POST /v1/embeddings</c>): deterministic unit vectors, the same text always giving the
/// same vector (seeded from its SHA-256), of <c>dimensions</c> or <c>Simulator:EmbeddingDimensions</c> numbers, as JSON
/// floats or base64 (<c>encoding_format</c>, which the official clients set to base64).
/// </summary>
internal sealed class OpenAIEmbeddingsProtocol(IOptions<SimulatorOptions> options) : OpenAIProtocol
{
    public override string IdPrefix => "emb-";

    public override async ValueTask<ParseResult> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Invalid("The request body must be a JSON object.");
        }
        if (!root.TryGetProperty("input", out var input) || Texts(input) is not { Count: > 0 } texts)
        {
            return ParseResult.Invalid("'input' is required: a non-empty string, or an array of strings or token arrays.");
        }
        var dimensions = options.Value.EmbeddingDimensions;
        if (root.TryGetProperty("dimensions", out var requested) && requested.ValueKind != JsonValueKind.Null)
        {
            if (!requested.TryGetInt32(out dimensions) || dimensions < 1 || dimensions > options.Value.EmbeddingDimensions)
            {
                return ParseResult.Invalid($"Invalid 'dimensions': must be between 1 and {options.Value.EmbeddingDimensions}.");
            }
        }
        var base64 = root.TryGetProperty("encoding_format", out var format) && format.ValueKind == JsonValueKind.String && format.ValueEquals("base64");
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var characters = texts.Sum(t => (long)t.Length);
        return ParseResult.Valid(new ChatRequestSummary(string.IsNullOrEmpty(model) ? null : model, false, false, null,
            MessageText.EstimateTokens(characters, 0), texts[^1], Embeddings: new EmbeddingsInput(texts, dimensions, base64)));
    }

    public override byte[] Completion(Answer answer, ChatRequestSummary request)
    {
        var input = request.Embeddings!;
        var buffer = new ArrayBufferWriter<byte>(1024 + (input.Texts.Count * input.Dimensions * 12));
        using (var writer = new Utf8JsonWriter(buffer, SimulatorJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            var vector = new float[input.Dimensions];
            for (var i = 0; i < input.Texts.Count; i++)
            {
                Fill(input.Texts[i], vector);
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                WriteVector(writer, vector, input.Base64);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("model", answer.Model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", answer.PromptTokens);
            writer.WriteNumber("total_tokens", answer.PromptTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public override Task StreamAsync(SseWriter sse, Answer answer, bool includeUsage, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Embeddings are never streamed.");

    /// <summary>A unit vector from the text alone: xorshift64* seeded with the first 8 bytes of its SHA-256.</summary>
    internal static void Fill(string text, Span<float> vector)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var state = BinaryPrimitives.ReadUInt64LittleEndian(hash) | 1;
        double norm = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            var value = (float)(((state * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53)) * 2 - 1);
            vector[i] = value;
            norm += value * value;
        }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }

    private static void WriteVector(Utf8JsonWriter writer, float[] vector, bool base64)
    {
        if (base64)
        {
            var bytes = new byte[vector.Length * sizeof(float)];
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }
            writer.WriteBase64String("embedding", bytes);
            return;
        }
        writer.WriteStartArray("embedding");
        foreach (var value in vector)
        {
            writer.WriteNumberValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary>A string, or an array of strings, token numbers (one input) or token arrays; null when it is none of them.</summary>
    private static List<string>? Texts(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return input.GetString() is { Length: > 0 } text ? [text] : null;
        }
        if (input.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var items = input.EnumerateArray().ToList();
        if (items.Count > 0 && items.All(i => i.ValueKind == JsonValueKind.Number))
        {
            return [string.Join(' ', items.Select(i => i.GetRawText()))];
        }
        var texts = new List<string>(items.Count);
        foreach (var item in items)
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String when item.GetString() is { Length: > 0 } text:
                    texts.Add(text);
                    break;
                case JsonValueKind.Array when item.GetArrayLength() > 0 && item.EnumerateArray().All(t => t.ValueKind == JsonValueKind.Number):
                    texts.Add(string.Join(' ', item.EnumerateArray().Select(t => t.GetRawText())));
                    break;
                default:
                    return null;
            }
        }
        return texts;
    }
}
