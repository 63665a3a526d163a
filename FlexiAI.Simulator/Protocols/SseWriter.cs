using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Json;

namespace FlexiAI.Simulator.Protocols;

/// <summary>
/// Writes server-sent events to a response, flushing after each, with the configured time to first token and
/// delay between events; when told to drop, breaks the connection (see <see cref="SimulatedConnectionDropException"/>)
/// instead of writing event <c>dropAfter + 1</c> or the terminal event, whichever comes first.
/// </summary>
internal sealed class SseWriter(
    HttpContext context,
    TimeProvider timeProvider,
    TimeSpan firstEventDelay,
    TimeSpan eventDelay,
    int? dropAfter)
{
    private int _written;

    /// <summary>Sends the status line and headers at once, before any event.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Writes <c>event: name</c> (when given) and <c>data: json</c>.</summary>
    /// <exception cref="SimulatedConnectionDropException">The drop fault's turn has come.</exception>
    public async ValueTask WriteAsync<T>(
        string? eventName,
        T payload,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken,
        bool terminal = false)
    {
        await BeforeEventAsync(terminal, cancellationToken);

        var pipe = context.Response.BodyWriter;
        if (eventName is not null)
        {
            pipe.Write("event: "u8);
            Encoding.UTF8.GetBytes(eventName, pipe);
            pipe.Write("\n"u8);
        }

        pipe.Write("data: "u8);
        using (var json = new Utf8JsonWriter(pipe, SimulatorJson.WriterOptions))
        {
            JsonSerializer.Serialize(json, payload, typeInfo);
        }

        pipe.Write("\n\n"u8);
        await pipe.FlushAsync(cancellationToken);
        _written++;
    }

    /// <summary>Writes a whole event as given (it must end in a blank line).</summary>
    /// <exception cref="SimulatedConnectionDropException">The drop fault's turn has come.</exception>
    public async ValueTask WriteRawAsync(
        ReadOnlyMemory<byte> sseEvent,
        CancellationToken cancellationToken,
        bool terminal = false)
    {
        await BeforeEventAsync(terminal, cancellationToken);

        await context.Response.BodyWriter.WriteAsync(sseEvent, cancellationToken);
        _written++;
    }

    private async ValueTask BeforeEventAsync(bool terminal, CancellationToken cancellationToken)
    {
        if (dropAfter is { } limit && (terminal || _written >= limit))
        {
            throw new SimulatedConnectionDropException(
                $"Simulated drop_mid_stream fault: connection dropped on purpose after {_written} events.");
        }

        var delay = _written == 0 ? firstEventDelay : eventDelay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }
}
