using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlexiAI.Tests.Sse;

/// <summary>
/// A hand-written OpenAI-compatible provider at the edge, on a real loopback port: it answers every streaming chat
/// completion with <see cref="Events"/>, exactly those bytes, one flush per item, so a test can send what a real
/// service sends and the simulator never would (comments first, CRLF, split data lines, oversize events).
/// </summary>
public sealed class RawSseProvider : IAsyncDisposable
{
    private WebApplication? _app;

    public IReadOnlyList<string> Events { get; set; } = [];

    /// <summary>Pause before each event but the first: a slow stream.</summary>
    public TimeSpan EventDelay { get; set; }

    public Uri Endpoint { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            var first = true;
            foreach (var sseEvent in Events)
            {
                if (!first && EventDelay > TimeSpan.Zero)
                {
                    await Task.Delay(EventDelay, context.RequestAborted);
                }
                first = false;
                await context.Response.WriteAsync(sseEvent, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await _app.StartAsync(cancellationToken);
        Endpoint = new Uri(_app.Urls.First().TrimEnd('/') + "/v1");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
