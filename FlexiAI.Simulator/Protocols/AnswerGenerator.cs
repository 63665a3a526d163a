using System.Security.Cryptography;
using System.Text;
using FlexiAI.Simulator.Providers;

namespace FlexiAI.Simulator.Protocols;

/// <summary>
/// Builds deterministic answers: the same provider and last user message always give the same words, so tests,
/// demos and benchmarks can rely on the content.
/// </summary>
internal static class AnswerGenerator
{
    public const int TargetWords = 40;
    public const int EchoCharacters = 60;

    private static readonly string[] Filler =
    [
        "the", "gateway", "routes", "every", "request", "to", "a", "healthy", "provider", "and",
        "streams", "tokens", "back", "while", "circuit", "breakers", "watch", "for", "failures", "so",
        "that", "retries", "stay", "cheap", "latency", "remains", "low", "budgets", "hold", "models",
        "answer", "quickly", "with", "simulated", "words", "from", "fixed", "list", "of", "tokens",
    ];

    public static Answer Create(
        string idPrefix,
        SimulatedProvider provider,
        ChatRequestSummary request,
        long call,
        DateTimeOffset now)
    {
        if (request.Intent is { } intent && (intent.ToolName is not null || intent.JsonOutput))
        {
            return Structured(idPrefix, provider, request, call, now, intent);
        }

        var echo = request.LastUserText.Length > EchoCharacters
            ? request.LastUserText[..EchoCharacters]
            : request.LastUserText;
        var words = new List<string>(TargetWords);
        words.AddRange($"Hello from {provider.Name}. You said: {echo}.".Split(
            (char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        var seed = StableHash(provider.Name, request.LastUserText);
        for (var i = 0; words.Count < TargetWords; i++)
        {
            words.Add(Filler[(int)((seed + ((uint)i * 7u)) % (uint)Filler.Length)]);
        }

        words[^1] += ".";

        var truncated = false;
        if (request.MaxTokens is { } max && max < words.Count)
        {
            words.RemoveRange(max, words.Count - max);
            truncated = true;
        }

        return new Answer(
            idPrefix + StableId(provider.Name, call, request.LastUserText),
            request.Model ?? provider.Model,
            now.ToUnixTimeSeconds(),
            words,
            truncated,
            request.PromptTokens,
            provider.Name,
            call);
    }

    /// <summary>A tool call (its arguments in three pieces, for streaming) or JSON output (one piece), from the schema.</summary>
    private static Answer Structured(string idPrefix, SimulatedProvider provider, ChatRequestSummary request, long call, DateTimeOffset now,
        SimulatedIntent intent)
    {
        var json = SchemaSample.For(intent.Schema);
        var id = StableId(provider.Name, call, request.LastUserText);
        List<string> pieces = intent.ToolName is null ? [json] : [json[..(json.Length / 3)], json[(json.Length / 3)..(2 * json.Length / 3)], json[(2 * json.Length / 3)..]];
        pieces.RemoveAll(p => p.Length == 0);
        return new Answer(idPrefix + id, request.Model ?? provider.Model, now.ToUnixTimeSeconds(), pieces, false, request.PromptTokens,
            provider.Name, call, intent.ToolName, intent.ToolName is null ? null : "call_" + id);
    }

    // FNV-1a: string.GetHashCode is randomized per process, which would make the filler differ between runs.
    private static uint StableHash(string provider, string text)
    {
        var hash = 2166136261u;
        foreach (var c in provider)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ '\n') * 16777619u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static string StableId(string provider, long call, string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{provider}\n{call}\n{text}"), hash);
        return Convert.ToHexStringLower(hash[..12]);
    }
}
