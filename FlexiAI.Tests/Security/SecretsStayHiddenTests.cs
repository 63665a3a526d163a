using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using FlexiAI.Api;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.Logging;

namespace FlexiAI.Tests.Security;

/// <summary>
/// Provider keys, client and admin keys and the Redis password never appear in logs (at any level, Trace included),
/// traces, responses or headers, whatever the traffic: answers, failovers, rejected keys, admin actions, reports.
/// </summary>
public sealed class SecretsStayHiddenTests(SimulatorFixture simulator, RealRedisFixture redis)
    : IClassFixture<SimulatorFixture>, IClassFixture<RealRedisFixture>
{
    private const string ProviderKey = "sk-provider-secret-7f3a9c1e5b2d";
    private const string OtherProviderKey = "sk-ant-provider-secret-0b8e4d2f6a1c";
    private const string ClientKey = "client-secret-4c2e8a6f1d3b9e7a";
    private const string AdminKey = "admin-secret-9d1f3b5e7c2a4f6e";
    private const string RedisPassword = "redis-secret-2e4a6c8e0f1b3d5f";
    private static readonly string[] Secrets = [ProviderKey, OtherProviderKey, ClientKey, AdminKey, RedisPassword];

    [Fact]
    public async Task No_secret_appears_in_logs_traces_or_responses()
    {
        var ct = TestContext.Current.CancellationToken;
        redis.Require();
        await simulator.ResetAsync(ct);
        await using var server = await RedisServerProcess.StartRedisAsync(["--requirepass", RedisPassword], ct, password: RedisPassword);
        var logs = new CapturingLoggerProvider();
        var traces = new StringBuilder();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (traces)
                {
                    traces.Append(activity.DisplayName).Append(' ').Append(activity.StatusDescription);
                    foreach (var tag in activity.TagObjects)
                    {
                        traces.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
                    }
                    traces.AppendLine();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var gateway = GatewayApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:cache=" + server.ConnectionString,
            "--FlexiAI:Providers:0:Name=sim-openai", "--FlexiAI:Providers:0:Model=gpt-4o-mini", "--FlexiAI:Providers:0:ApiKey=" + ProviderKey,
            "--FlexiAI:Providers:0:Endpoint=" + new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1"),
            "--FlexiAI:Providers:1:Name=sim-anthropic", "--FlexiAI:Providers:1:Kind=Anthropic", "--FlexiAI:Providers:1:Model=claude", "--FlexiAI:Providers:1:Priority=200",
            "--FlexiAI:Providers:1:ApiKey=" + OtherProviderKey, "--FlexiAI:Providers:1:Endpoint=" + simulator.ProviderAddress(SimulatorFixture.AnthropicProvider),
            "--FlexiAI:Auth:ClientKeys:0=" + ClientKey, "--FlexiAI:Auth:AdminKeys:0=" + AdminKey,
        ], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        });
        await gateway.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.First().TrimEnd('/') + "/") };
        var seen = new StringBuilder();

        async Task Send(HttpMethod method, string path, string? key, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }
            using var response = await client.SendAsync(request, ct);
            seen.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync(ct));
        }

        var chat = new { model = "default", messages = new[] { new { role = "user", content = "hello" } } };
        await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "providers");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClientKey);
            using var response = await client.SendAsync(request, ct);
            return (await response.Content.ReadAsStringAsync(ct)).Contains("\"connected\":true", StringComparison.Ordinal);
        }, "the gateway is connected to the password-protected Redis");
        await Send(HttpMethod.Post, "v1/chat/completions", ClientKey, chat);
        await Send(HttpMethod.Post, "v1/chat/completions", ClientKey, new { model = "default", stream = true, messages = chat.messages });
        await Send(HttpMethod.Post, "v1/chat/completions", "wrong-" + ClientKey, chat);
        await Send(HttpMethod.Post, "v1/chat/completions", null, chat);
        await Send(HttpMethod.Post, "providers/sim-openai/reset", ClientKey);
        await simulator.SetFaultAsync(SimulatorFixture.OpenAIProvider, new { mode = "error", status = 500 }, ct);
        await Send(HttpMethod.Post, "v1/chat/completions", AdminKey, chat);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "error", status = 401 }, ct);
        await Send(HttpMethod.Post, "v1/chat/completions", AdminKey, chat);
        await Send(HttpMethod.Post, "chat", ClientKey, new { message = "hi" });
        await Send(HttpMethod.Post, "providers/sim-openai/open", AdminKey);
        await Send(HttpMethod.Post, "providers/sim-openai/reset", AdminKey);
        foreach (var path in new[] { "providers", "cluster", "health", "health/ready", "metrics", "v1/models" })
        {
            await Send(HttpMethod.Get, path, AdminKey);
        }
        await gateway.StopAsync(ct);

        var logText = string.Join('\n', logs.Lines);
        string traceText;
        lock (traces)
        {
            // Other tests' activities reach this listener too (it listens process-wide): read under the lock.
            traceText = traces.ToString();
        }
        Assert.NotEmpty(logs.Lines);
        Assert.Contains("sim-openai", logText, StringComparison.Ordinal);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, logText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, traceText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, seen.ToString(), StringComparison.Ordinal);
        }
    }
}
