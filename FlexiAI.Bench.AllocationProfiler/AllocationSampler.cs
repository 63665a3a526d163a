using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace FlexiAI.Bench.AllocationProfiler;

/// <summary>
/// Listens to the runtime's allocation tick (one event per about 100 KB allocated, carrying the amount allocated since
/// the previous one and the type of the object that crossed the mark). The sum of the amounts is the bytes allocated
/// (within 1 % of <see cref="AllocatedBytesReporter"/>'s count). Writes that total to one file (<c>bytes</c>) every
/// 200 ms and, when asked, the amounts by type and the activities (spans) started per source and name to another, every second
/// (<c>bytes\ttype</c> and <c>count\tactivity source/name</c> lines).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private static readonly List<object> s_rooted = [];
    private static readonly Lock s_writing = new();
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private bool _byType;
    private long _total;

    public static void Start(string? totalPath, string? profilePath)
    {
        var sampler = new AllocationSampler { _byType = !string.IsNullOrEmpty(profilePath) };
        s_rooted.Add(sampler);
        if (!string.IsNullOrEmpty(totalPath))
        {
            s_rooted.Add(new Timer(_ => Replace(totalPath, Interlocked.Read(ref sampler._total).ToString(CultureInfo.InvariantCulture)),
                null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200)));
        }
        if (!string.IsNullOrEmpty(profilePath))
        {
            // Never samples anything itself (so it changes no decision), but hears of every activity another listener created.
            var activities = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
                ActivityStarted = activity => sampler._bytesByType.AddOrUpdate(
                    $"activity {activity.Source.Name}/{activity.OperationName}", 1, (_, count) => count + 1),
            };
            ActivitySource.AddActivityListener(activities);
            s_rooted.Add(activities);
            s_rooted.Add(new Timer(_ => sampler.WriteProfile(profilePath), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) ||
            eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (amountIndex < 0)
        {
            return;
        }
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
        Interlocked.Add(ref _total, amount);
        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        if (_byType && typeIndex >= 0)
        {
            _bytesByType.AddOrUpdate(eventData.Payload[typeIndex] as string ?? "?", amount, (_, total) => total + amount);
        }
    }

    private void WriteProfile(string path)
    {
        var text = new StringBuilder();
        foreach (var (type, bytes) in _bytesByType)
        {
            text.Append(bytes.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(type).Append('\n');
        }
        Replace(path, text.ToString());
    }

    /// <summary>Writes beside the file and moves over it, so a reader never sees half a file; one writer at a time.</summary>
    internal static void Replace(string path, string content)
    {
        lock (s_writing)
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
    }
}
