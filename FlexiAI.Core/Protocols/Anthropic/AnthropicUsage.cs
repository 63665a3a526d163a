using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlexiAI.Protocols.Anthropic;

/// <summary>
/// The token counts of a <c>usage</c> object. A stream reports them twice (<c>message_start</c>, then cumulative on
/// <c>message_delta</c>, usually without the input counts): each read keeps the counts it does not carry.
/// </summary>
internal struct AnthropicUsage
{
    private long? _input;
    private long? _output;
    private long? _cacheRead;
    private long? _cacheCreation;

    public bool Seen { get; private set; }

    /// <summary>Reads the object the reader is on (its start) up to its end.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        if (!AnthropicWire.EntersObject(ref reader))
        {
            return;
        }
        Seen = true;
        while (AnthropicWire.NextProperty(ref reader))
        {
            if (AnthropicWire.IsProperty(ref reader, "input_tokens"u8))
            {
                _input = ReadCount(ref reader, _input);
            }
            else if (AnthropicWire.IsProperty(ref reader, "output_tokens"u8))
            {
                _output = ReadCount(ref reader, _output);
            }
            else if (AnthropicWire.IsProperty(ref reader, "cache_read_input_tokens"u8))
            {
                _cacheRead = ReadCount(ref reader, _cacheRead);
            }
            else if (AnthropicWire.IsProperty(ref reader, "cache_creation_input_tokens"u8))
            {
                _cacheCreation = ReadCount(ref reader, _cacheCreation);
            }
            else
            {
                AnthropicWire.SkipProperty(ref reader);
            }
        }
    }

    /// <summary>As the SDK's client reported them: input counts cached and cache-writing tokens too (the API's total input).</summary>
    public readonly UsageDetails ToDetails()
    {
        var input = Sum(Sum(_cacheRead, _cacheCreation), _input);
        var details = new UsageDetails
        {
            InputTokenCount = input,
            CachedInputTokenCount = _cacheRead,
            OutputTokenCount = _output,
            TotalTokenCount = Sum(input, _output),
        };
        if (_cacheCreation is > 0)
        {
            details.AdditionalCounts = new() { ["CacheCreationInputTokens"] = _cacheCreation.Value };
        }
        return details;
    }

    /// <summary>The count the reader is on; a null count keeps <paramref name="current"/>.</summary>
    private static long? ReadCount(ref Utf8JsonReader reader, long? current) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : current;

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
