using System.Diagnostics;
using System.Text;

namespace FlexiAI.Bench;

/// <summary>Streaming: time to the first chunk (first SSE event) through the gateway and YARP against the simulator directly.</summary>
public static class StreamingHarness
{
    private const int Warmup = 1000;
    private const int Samples = 1000;

    /// <param name="production">The gateway with every production control on, called with <paramref name="productionKey"/>.</param>
    public static async Task RunAsync(string direct, string yarp, string gateway, string production, string productionKey)
    {
        using var client = new HttpClient();
        Console.WriteLine();
        Console.WriteLine($"Streaming, {Samples} sequential requests each (after {Warmup} warm-up), time to first chunk:");
        double? directP50 = null;
        foreach (var (name, url, model, key) in new[]
                 {
                     ("direct to simulator", direct, "gpt-4o-mini", null), ("YARP pass-through", yarp, "gpt-4o-mini", null),
                     ("gateway pass-through", gateway, "default", null), ("gateway production", production, "default", productionKey),
                 })
        {
            var samples = new List<double>();
            for (var i = 0; i < Warmup + Samples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent($$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
                };
                if (key is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
                }
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[4096];
                var read = 0;
                while (read == 0 || Array.IndexOf(buffer, (byte)'\n', 0, read) < 0)
                {
                    read += await body.ReadAsync(buffer.AsMemory(read));
                }
                if (i >= Warmup)
                {
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                await body.CopyToAsync(Stream.Null);
            }
            samples.Sort();
            var p50 = PropagationHarness.Percentile(samples, 0.5);
            directP50 ??= p50;
            Console.WriteLine($"  {name,-22} p50 {p50:0.000} ms   p99 {PropagationHarness.Percentile(samples, 0.99):0.000} ms   added p50 {p50 - directP50:0.000} ms");
        }
    }
}
