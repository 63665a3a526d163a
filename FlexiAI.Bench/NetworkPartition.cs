using System.Diagnostics;
using System.Globalization;

namespace FlexiAI.Bench;

/// <summary>
/// A network namespace reached from this one through a veth pair, for a server that can be cut off by a real network
/// partition: <see cref="Cut"/> takes the namespace's end of the link down (packets in both directions are dropped,
/// open TCP connections stay open and hang, new ones time out, the server keeps running), <see cref="Heal"/> brings it
/// up again. Needs root and iproute2 (<c>ip netns</c>, <c>ip link</c>); <see cref="TryCreate"/> says why not where
/// the machine does not allow it. Disposing deletes the namespace and the link with it.
/// </summary>
public sealed class NetworkPartition : IDisposable
{
    private readonly string _namespace;
    private readonly string _inside;
    private bool _disposed;

    private NetworkPartition(string name, string inside, string address)
    {
        _namespace = name;
        _inside = inside;
        Address = address;
    }

    /// <summary>The address of the namespace's end of the link (a server inside binds it).</summary>
    public string Address { get; }

    /// <summary>The command and arguments that run a program inside the namespace.</summary>
    public string[] ExecPrefix => ["ip", "netns", "exec", _namespace];

    /// <summary>Builds the namespace and its link (a random /30 in 10.231.0.0/16), or returns null with the reason.</summary>
    public static NetworkPartition? TryCreate(out string reason)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var name = "flexiai-drill-" + id;
        string outside = "fxd" + id + "h", inside = "fxd" + id + "n";
        var subnet = $"10.231.{Random.Shared.Next(256)}.{Random.Shared.Next(64) * 4}";
        var octets = subnet.Split('.');
        string Host(int offset) => $"{octets[0]}.{octets[1]}.{octets[2]}.{int.Parse(octets[3], CultureInfo.InvariantCulture) + offset}";
        var partition = new NetworkPartition(name, inside, Host(2));
        string[][] steps =
        [
            ["netns", "add", name],
            ["link", "add", outside, "type", "veth", "peer", "name", inside],
            ["link", "set", inside, "netns", name],
            ["addr", "add", Host(1) + "/30", "dev", outside],
            ["link", "set", outside, "up"],
            ["netns", "exec", name, "ip", "addr", "add", Host(2) + "/30", "dev", inside],
            ["netns", "exec", name, "ip", "link", "set", inside, "up"],
            ["netns", "exec", name, "ip", "link", "set", "lo", "up"],
        ];
        foreach (var step in steps)
        {
            if (Ip(step) is { } error)
            {
                reason = $"`ip {string.Join(' ', step)}` failed: {error}";
                // The namespace takes the veth with it; a veth left outside goes too.
                partition.Dispose();
                Ip(["link", "del", outside]);
                return null;
            }
        }
        reason = "";
        return partition;
    }

    /// <summary>Takes the namespace's end of the link down: nothing passes in either direction.</summary>
    public void Cut() => Run(["netns", "exec", _namespace, "ip", "link", "set", _inside, "down"]);

    /// <summary>Brings the link up again: TCP connections resume with their next retransmission.</summary>
    public void Heal() => Run(["netns", "exec", _namespace, "ip", "link", "set", _inside, "up"]);

    private static void Run(string[] arguments)
    {
        if (Ip(arguments) is { } error)
        {
            throw new InvalidOperationException($"`ip {string.Join(' ', arguments)}` failed: {error}");
        }
    }

    /// <summary>Runs <c>ip</c>; null when it succeeded, else what went wrong.</summary>
    private static string? Ip(string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return "ip did not start";
            }
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"exit code {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return "ip is not installed (apt-get install iproute2): " + exception.Message;
        }
    }

    /// <summary>Deletes the namespace (and the veth pair with it). Kill the processes inside first.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Ip(["netns", "del", _namespace]);
        }
    }
}
