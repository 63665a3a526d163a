using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>One RESP command over a raw socket, for servers a full client will not talk to plainly (a sentinel).</summary>
public static class RawResp
{
    /// <returns>The raw reply text, e.g. <c>*2\r\n$9\r\n127.0.0.1\r\n$5\r\n40123\r\n</c>.</returns>
    public static async Task<string> CommandAsync(int port, CancellationToken cancellationToken, params string[] arguments)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
