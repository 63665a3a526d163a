using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>An IPv4 address of this machine that is not loopback: a caller through it is "remote" to a local server.</summary>
public static class NonLoopbackAddress
{
    /// <summary>The address, or a skip (with the reason) on a machine that has none.</summary>
    public static IPAddress Require()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (address is null)
        {
            Assert.Skip("this machine has no non-loopback IPv4 address to call the gateway from");
        }
        return address;
    }
}
