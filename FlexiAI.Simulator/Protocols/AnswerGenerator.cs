using System.Globalization;
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

    /// <param name="idPrefix">The protocol's id prefix.</param>
    /// <param name="idsFromRequest">Ids from the request alone (<see cref="ProviderProtocol.IdsFromRequest"/>), not the call number.</param>
    /// <param name="provider">The provider answering.</param>
    /// <param name="request">What was asked.</param>
    /// <param name="call">The provider's call number.</param>
    /// <param name="now">The answer's time.</param>
    /// <param name="peers">The simulator's other providers (continuations).</param>
    public static Answer Create(
        string idPrefix,
        bool idsFromRequest,
        SimulatedProvider provider,
        ChatRequestSummary request,
        long call,
        DateTimeOffset now,
        IEnumerable<string> peers)
    {
        var id = StableId(provider.Name, idsFromRequest ? RequestSeed(request) : call.ToString(CultureInfo.InvariantCulture), request.LastUserText);
        if (request.Intent is { } intent && (intent.ToolName is not null || intent.JsonOutput))
        {
            return Structured(idPrefix, id, provider, request, call, now, intent);
        }

        var words = Words(provider.Name, request.LastUserText);
        if (request.AssistantPrefix is { Length: > 0 } prefix)
        {
            words = Continue(prefix, words, request.LastUserText, peers);
        }

        var truncated = false;
        if (request.MaxTokens is { } max && max < words.Count)
        {
            words.RemoveRange(max, words.Count - max);
            truncated = true;
        }

        return new Answer(
            idPrefix + id,
            request.Model ?? provider.Model,
            now.ToUnixTimeSeconds(),
            words,
            truncated,
            request.PromptTokens,
            provider.Name,
            call);
    }

    /// <summary>The deterministic words of <paramref name="provider"/>'s answer to <paramref name="lastUserText"/>.</summary>
    public static List<string> Words(string provider, string lastUserText)
    {
        var echo = lastUserText.Length > EchoCharacters ? lastUserText[..EchoCharacters] : lastUserText;
        var words = new List<string>(TargetWords);
        words.AddRange($"Hello from {provider}. You said: {echo}.".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        var seed = StableHash(provider, lastUserText);
        for (var i = 0; words.Count < TargetWords; i++)
        {
            words.Add(Filler[(int)((seed + ((uint)i * 7u)) % (uint)Filler.Length)]);
        }

        words[^1] += ".";
        return words;
    }

    /// <summary>
    /// The rest of an answer whose start is <paramref name="prefix"/>: if the deterministic answer of this provider or of a
    /// peer (the simulator's other providers) starts with it, what follows it, so that prefix + answer is that answer with
    /// no gap and no repeat; otherwise this provider's own answer, as a model would go on from a start it does not know.
    /// </summary>
    private static List<string> Continue(string prefix, List<string> own, string lastUserText, IEnumerable<string> peers)
    {
        foreach (var words in peers.Select(peer => Words(peer, lastUserText)).Prepend(own))
        {
            var text = string.Join(' ', words);
            if (text.Length > prefix.Length && text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Pieces(text[prefix.Length..]);
            }
        }
        return own;
    }

    /// <summary>Words whose <see cref="Answer.Chunk"/>s put together are exactly <paramref name="rest"/> (a leading space kept on the first).</summary>
    private static List<string> Pieces(string rest)
    {
        var pieces = rest.Split(' ').ToList();
        while (pieces.Count > 1 && pieces[0].Length == 0)
        {
            pieces.RemoveAt(0);
            pieces[0] = " " + pieces[0];
        }
        return pieces;
    }

    /// <summary>A tool call (its arguments in three pieces, for streaming) or JSON output (one piece), from the schema.</summary>
    private static Answer Structured(string idPrefix, string id, SimulatedProvider provider, ChatRequestSummary request, long call, DateTimeOffset now,
        SimulatedIntent intent)
    {
        var json = SchemaSample.For(intent.Schema);
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

    /// <summary>What identifies a request when ids come from it: the model it named, its limits and size, what it asked for.</summary>
    private static string RequestSeed(ChatRequestSummary request) => string.Create(CultureInfo.InvariantCulture,
        $"{request.Model}/{request.MaxTokens}/{request.PromptTokens}/{request.Stream}/{request.Intent?.ToolName}");

    private static string StableId(string provider, string seed, string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{provider}\n{seed}\n{text}"), hash);
        return Convert.ToHexStringLower(hash[..12]);
    }
}
