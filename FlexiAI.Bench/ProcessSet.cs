namespace FlexiAI.Bench;

/// <summary>
/// The processes a harness may measure, each declared by name with how to start it and started only when a chosen row
/// needs it: a run of a few rows does not share the machine's two cores with a dozen idle gateways (each wakes for its
/// timers and Redis). Disposes what it started.
/// </summary>
internal sealed class ProcessSet : IDisposable
{
    private readonly Dictionary<string, Func<Task<ServiceProcess>>> _declared = [];
    private readonly Dictionary<string, ServiceProcess> _started = [];

    public void Declare(string name, Func<Task<ServiceProcess>> start) => _declared.Add(name, start);

    /// <summary>Starts the named processes not started yet, one after the other.</summary>
    public async Task StartAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!_started.ContainsKey(name))
            {
                _started[name] = await _declared[name]();
            }
        }
    }

    /// <summary>A started process.</summary>
    public ServiceProcess this[string name] => _started[name];

    public void Dispose()
    {
        foreach (var process in _started.Values)
        {
            process.Dispose();
        }
        _started.Clear();
    }
}
