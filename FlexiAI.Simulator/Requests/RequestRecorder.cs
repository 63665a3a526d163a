using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FlexiAI.Simulator.Requests;

/// <summary>
/// Keeps the last <see cref="SimulatorOptions.RecordedRequests"/> chat calls of each provider (headers and body), so a
/// test can see what a gateway really sent: which headers reached the provider, which key, which fields. Off (nothing
/// copied) when the setting is 0, the default.
/// </summary>
internal sealed class RequestRecorder(IOptions<SimulatorOptions> options)
{
    /// <summary>Longest body kept; a longer one is cut.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "proxy-authorization", "x-api-key", "api-key", "cookie",
    };

    private readonly ConcurrentDictionary<string, Queue<RecordedRequest>> _byProvider = new(StringComparer.Ordinal);

    public int Keep { get; } = options.Value.RecordedRequests;

    public bool Enabled => Keep > 0;

    public void Record(string provider, HttpRequest request, ReadOnlySpan<byte> body)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            var value = values.ToString();
            headers[name.ToLowerInvariant()] = Credentials.Contains(name) ? Fingerprint(value) : value;
        }
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxBodyBytes)]);
        var recorded = new RecordedRequest(request.Method, request.Path + request.QueryString, headers, text);
        var queue = _byProvider.GetOrAdd(provider, static _ => new Queue<RecordedRequest>());
        lock (queue)
        {
            queue.Enqueue(recorded);
            while (queue.Count > Keep)
            {
                queue.Dequeue();
            }
        }
    }

    /// <summary>The provider's recorded requests, newest first.</summary>
    public List<RecordedRequest> Of(string provider)
    {
        if (!_byProvider.TryGetValue(provider, out var queue))
        {
            return [];
        }
        lock (queue)
        {
            return [.. queue.Reverse()];
        }
    }

    public void Clear() => _byProvider.Clear();

    /// <summary><c>sha256:</c> and the first 16 hex digits of the value's SHA-256: enough to tell keys apart, not to recover one.</summary>
    public static string Fingerprint(string value) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
