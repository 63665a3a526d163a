using System.Diagnostics;

namespace FlexiAI.Tests.Infrastructure;

/// <summary>A private certificate authority and a server certificate for localhost / 127.0.0.1, made with openssl.</summary>
public sealed class TestCertificates : IAsyncDisposable
{
    private readonly string _directory;

    private TestCertificates(string directory) => _directory = directory;

    public string Authority => Path.Combine(_directory, "ca.crt");

    public string ServerCertificate => Path.Combine(_directory, "server.crt");

    public string ServerKey => Path.Combine(_directory, "server.key");

    public static async Task<TestCertificates> CreateAsync(CancellationToken cancellationToken)
    {
        if (RedisServerProcess.FindOnPath("openssl") is null)
        {
            Assert.Skip("openssl is not installed");
        }
        var directory = Directory.CreateTempSubdirectory("flexiai-tls-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1", cancellationToken);
        string[][] steps =
        [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=FlexiAI Test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "ext.cnf"],
        ];
        foreach (var step in steps)
        {
            var start = new ProcessStartInfo("openssl") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in step)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"openssl {step[0]} failed: {error}");
            }
        }
        return new TestCertificates(directory);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
