using System.Net;
using System.Net.Sockets;

namespace FlexiAI.Tests.Infrastructure;

public static class LoopbackPorts
{
    /// <summary>A loopback port that nothing listens on now (bound, read, released).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
