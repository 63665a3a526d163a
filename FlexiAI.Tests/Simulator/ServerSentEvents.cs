using System.Text;

namespace FlexiAI.Tests.Simulator;

/// <summary>Reads server-sent events from a response body, one by one as they arrive.</summary>
public static class ServerSentEvents
{
    /// <summary>Yields each event when its terminating blank line arrives; ends with the body.</summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(
        Stream body,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        string? eventName = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 || eventName is not null)
                {
                    yield return new ServerSentEvent(eventName, data.ToString());
                }

                eventName = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line[6..].TrimStart();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line.AsSpan(5).TrimStart());
            }
        }
    }

    /// <summary>Reads every event until the body ends.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(Stream body, CancellationToken cancellationToken = default)
    {
        var events = new List<ServerSentEvent>();
        await foreach (var e in ReadAsync(body, cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
