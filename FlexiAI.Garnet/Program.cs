// Embedded Redis-compatible server (Microsoft Garnet) for machines with neither a container runtime
// nor redis-server on PATH. The AppHost starts it as the `garnet` resource when Redis:Mode picks it.
//
// Settings (environment):
//   GARNET_BIND      address to listen on (default 127.0.0.1)
//   GARNET_PORT      port (default 6379; the AppHost allocates one and passes it here)
//   GARNET_PASSWORD  optional; when set, clients must AUTH with it (Garnet's `--auth Password`)
// Any command-line arguments are passed on to Garnet after ours (for example `--memory 1g`),
// so a later `--bind`/`--port` overrides the environment.
using System.Runtime.InteropServices;
using Garnet;

var bind = Environment.GetEnvironmentVariable("GARNET_BIND") is { Length: > 0 } b ? b : "127.0.0.1";
var port = Environment.GetEnvironmentVariable("GARNET_PORT") is { Length: > 0 } p ? p : "6379";
var password = Environment.GetEnvironmentVariable("GARNET_PASSWORD");

// Lua (EVAL/EVALSHA) is off in Garnet unless asked for; the breaker state store relies on scripts.
// --lua-transaction-mode makes each script atomic (keys locked, script run, keys unlocked), as on Redis;
// without it, concurrent scripts interleave and two replicas can both win one transition (seen in our tests:
// two and three recovery probes where the cluster allows one).
// A small index suits a development cache: Garnet allocates the hash index up front.
List<string> garnetArgs = ["--bind", bind, "--port", port, "--lua", "--lua-transaction-mode", "--index", "16m"];
if (!string.IsNullOrEmpty(password))
{
    garnetArgs.AddRange(["--auth", "Password", "--password", password]);
}

garnetArgs.AddRange(args);

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

try
{
    using var server = new GarnetServer([.. garnetArgs]);
    server.Start();
    Console.WriteLine($"Garnet listening on {bind}:{port} (lua on, auth {(string.IsNullOrEmpty(password) ? "off" : "on")})");

    stopping.Token.WaitHandle.WaitOne();
    Console.WriteLine("Garnet stopping");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"Garnet failed to start on {bind}:{port}: {ex.Message}");
    return 1;
}
