using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using FlexiAI.Tests.Gateway;
using FlexiAI.Tests.Infrastructure;
using FlexiAI.Tests.SharedState;
using FlexiAI.Tests.Simulator;
using StackExchange.Redis;

namespace FlexiAI.Tests.Caching;

/// <summary>
/// The response cache with gateway instances sharing a real redis-server, in front of the simulator over real HTTP:
/// an answer one replica stored is served by another without calling the provider; errors and broken streams are never
/// stored; entries expire; requests opt in and out; Redis slow or gone means a miss, never an error.
/// </summary>
public sealed class ResponseCacheTests(RealRedisFixture redis, GarnetFixture garnet, SimulatorFixture simulator)
    : IClassFixture<RealRedisFixture>, IClassFixture<GarnetFixture>, IClassFixture<SimulatorFixture>
{
    private const string Primary = SimulatorFixture.OpenAIProvider;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Miss_then_hit_on_another_replica_without_calling_the_provider()
    {
        await using var cluster = await StartAsync(instances: 2);
        var content = Unique();

        var (miss, missBody) = await SendAsync(cluster.Instances[0], content);
        var (hit, hitBody) = await SendAsync(cluster.Instances[1], content);

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal("miss", miss.Header("x-flexiai-cache"));
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("hit", hit.Header("x-flexiai-cache"));
        Assert.Equal(Primary, hit.Header("x-flexiai-provider"));
        Assert.Equal("0", hit.Header("x-flexiai-attempts"));
        Assert.Equal("replica-2", hit.Header("x-flexiai-replica"));
        Assert.Equal("application/json", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(missBody, hitBody);
        Assert.Equal(1, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Works_on_the_embedded_Garnet_server_too()
    {
        await using var cluster = await StartAsync(instances: 2, redisConnectionString: garnet.Require().ConnectionString);
        var content = Unique();

        var (miss, missBody) = await SendAsync(cluster.Instances[0], content);
        var (hit, hitBody) = await SendAsync(cluster.Instances[1], content);
        var (streamed, streamedBody) = await SendAsync(cluster.Instances[1], content, stream: true);

        Assert.Equal(["miss", "hit", "hit"], new[] { miss, hit, streamed }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(missBody, hitBody);
        Assert.Equal("[DONE]", ServerSentEventsText.DataLines(streamedBody)[^1]);
        Assert.Equal(1, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Equivalent_requests_share_an_entry_and_other_parameters_do_not()
    {
        await using var cluster = await StartAsync(instances: 1);
        var content = JsonSerializer.Serialize(Unique());
        var gateway = cluster.Instances[0];

        using var first = await PostAsync(gateway, $$"""{"model":"default","temperature":0.5,"messages":[{"role":"user","content":{{content}}}]}""");
        // Members in another order, whitespace, the route in another case, stream:false and user: the same request.
        using var same = await PostAsync(gateway,
            $$"""{ "messages": [ {"content": {{content}}, "role": "user"} ], "user": "someone", "stream": false, "temperature": 0.5, "model": "DEFAULT" }""");
        using var otherTemperature = await PostAsync(gateway, $$"""{"model":"default","temperature":0.7,"messages":[{"role":"user","content":{{content}}}]}""");
        using var systemAdded = await PostAsync(gateway,
            $$"""{"model":"default","temperature":0.5,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":{{content}}}]}""");

        Assert.Equal(["miss", "hit", "miss", "miss"], new[] { first, same, otherTemperature, systemAdded }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(3, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Errors_are_never_cached()
    {
        await using var cluster = await StartAsync(instances: 1);
        var gateway = cluster.Instances[0];
        var content = Unique();

        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 400 }, _ct);
        var (rejected, _) = await SendAsync(gateway, content);
        await simulator.SetFaultAsync(Primary, new { mode = "error", status = 500 }, _ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "error", status = 500 }, _ct);
        var (failed, _) = await SendAsync(gateway, content);
        await simulator.ResetAsync(_ct);
        var (answered, _) = await SendAsync(gateway, content);
        var (again, _) = await SendAsync(gateway, content);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(["miss", "miss", "miss", "hit"], new[] { rejected, failed, answered, again }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(1, await CallsAsync(Primary)); // counted since the reset: the first answer, then the hit
    }

    [Fact]
    public async Task A_broken_stream_is_never_cached()
    {
        await using var cluster = await StartAsync(instances: 1);
        var gateway = cluster.Instances[0];
        var content = Unique();

        await simulator.SetFaultAsync(Primary, new { mode = "drop_mid_stream", after_chunks = 3 }, _ct);
        var (broken, brokenBody) = await SendAsync(gateway, content, stream: true);
        await simulator.ResetAsync(_ct);
        var (complete, completeBody) = await SendAsync(gateway, content, stream: true);
        var (replayed, replayedBody) = await SendAsync(gateway, content, stream: true);

        Assert.Contains("stream_interrupted", ServerSentEventsText.DataLines(brokenBody)[^1], StringComparison.Ordinal);
        Assert.Equal("miss", broken.Header("x-flexiai-cache"));
        Assert.Equal("miss", complete.Header("x-flexiai-cache"));
        Assert.Equal("[DONE]", ServerSentEventsText.DataLines(completeBody)[^1]);
        Assert.Equal("hit", replayed.Header("x-flexiai-cache"));
        Assert.Equal(completeBody, replayedBody);
        Assert.Equal(1, await CallsAsync(Primary));
    }

    [Fact]
    public async Task A_streaming_hit_replays_a_stream_the_OpenAI_client_reads()
    {
        await using var cluster = await StartAsync(instances: 2);
        var (clientA, clientB) = (OpenAIClient(cluster.Instances[0]), OpenAIClient(cluster.Instances[1]));

        // Stored as a whole answer, replayed as chunks.
        var whole = Unique();
        OpenAI.Chat.ChatCompletion completion = await clientA.CompleteChatAsync([new OpenAI.Chat.UserChatMessage(whole)], cancellationToken: _ct);
        var fromWhole = await StreamAsync(clientB, whole);
        // Stored as a stream, replayed as stored.
        var streamed = Unique();
        var original = await StreamAsync(clientA, streamed);
        var fromStream = await StreamAsync(clientB, streamed);

        Assert.Equal(completion.Content[0].Text, fromWhole.Text);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, fromWhole.FinishReason);
        Assert.Equal(completion.Usage.OutputTokenCount, fromWhole.Usage?.OutputTokenCount);
        Assert.Equal(original.Text, fromStream.Text);
        Assert.StartsWith("Hello from sim-openai", fromStream.Text, StringComparison.Ordinal);
        Assert.Equal(original.Usage?.TotalTokenCount, fromStream.Usage?.TotalTokenCount);
        Assert.Equal(2, await CallsAsync(Primary));
    }

    [Fact]
    public async Task A_streaming_hit_is_an_event_stream_with_usage_only_when_asked()
    {
        await using var cluster = await StartAsync(instances: 1);
        var gateway = cluster.Instances[0];
        var content = Unique();

        await SendAsync(gateway, content);
        var (withUsage, withUsageBody) = await SendAsync(gateway, content, stream: true, includeUsage: true);
        var (withoutUsage, withoutUsageBody) = await SendAsync(gateway, content, stream: true, includeUsage: false);

        foreach (var (response, body, usage) in new[] { (withUsage, withUsageBody, true), (withoutUsage, withoutUsageBody, false) })
        {
            var events = ServerSentEventsText.DataLines(body);
            Assert.Equal("hit", response.Header("x-flexiai-cache"));
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("[DONE]", events[^1]);
            Assert.All(events[..^1], e => Assert.Equal("chat.completion.chunk", JsonDocument.Parse(e).RootElement.GetProperty("object").GetString()));
            Assert.Equal(usage, events.Any(e => e.Contains("\"usage\"", StringComparison.Ordinal)));
        }
        Assert.Equal(1, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Entries_expire_after_their_ttl()
    {
        await using var cluster = await StartAsync(instances: 1, new() { ["FlexiAI:Cache:Ttl"] = "00:00:01" });
        var gateway = cluster.Instances[0];
        var content = Unique();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Require().ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var pattern = $"{{{cluster.KeyPrefix}:cache:*";

        var (miss, _) = await SendAsync(gateway, content);
        var (hit, _) = await SendAsync(gateway, content);
        var key = Assert.Single(server.Keys(pattern: pattern));
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(key);
        await Eventually.TrueAsync(() => !server.Keys(pattern: pattern).Any(), "Redis expired the entry");
        var (expired, _) = await SendAsync(gateway, content);

        Assert.Equal(["miss", "hit", "miss"], new[] { miss, hit, expired }.Select(r => r.Header("x-flexiai-cache")));
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.EndsWith(":json", key.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Requests_opt_out_with_bypass_no_store_and_no_cache()
    {
        await using var cluster = await StartAsync(instances: 1);
        var gateway = cluster.Instances[0];
        var content = Unique();

        var (stored, _) = await SendAsync(gateway, content);
        var (bypass, _) = await SendAsync(gateway, content, headers: ("x-flexiai-cache", "bypass"));
        var (noStore, _) = await SendAsync(gateway, content, headers: ("Cache-Control", "no-store"));
        var (noCache, _) = await SendAsync(gateway, content, headers: ("Cache-Control", "no-cache"));
        var (hit, _) = await SendAsync(gateway, content);
        var (invalid, invalidBody) = await SendAsync(gateway, content, headers: ("x-flexiai-cache", "sometimes"));

        Assert.Equal(["miss", "bypass", "bypass", "miss", "hit"],
            new[] { stored, bypass, noStore, noCache, hit }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(4, await CallsAsync(Primary)); // stored, bypass, no-store, no-cache (which refreshed the entry)
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("x-flexiai-cache", JsonDocument.Parse(invalidBody).RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task With_the_cache_off_a_request_opts_in_by_header()
    {
        await using var cluster = await StartAsync(instances: 1, new() { ["FlexiAI:Cache:Enabled"] = "false" });
        var gateway = cluster.Instances[0];
        var content = Unique();

        var (plain, _) = await SendAsync(gateway, content);
        var (optedIn, _) = await SendAsync(gateway, content, headers: ("x-flexiai-cache", "use"));
        var (hit, _) = await SendAsync(gateway, content, headers: ("x-flexiai-cache", "use"));
        var (plainAgain, _) = await SendAsync(gateway, content);

        Assert.Equal([null, "miss", "hit", null], new[] { plain, optedIn, hit, plainAgain }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(3, await CallsAsync(Primary));
    }

    [Fact]
    public async Task A_route_set_to_zero_is_never_cached()
    {
        await using var cluster = await StartAsync(instances: 1, new()
        {
            ["FlexiAI:Routes:fresh:0"] = Primary,
            ["FlexiAI:Cache:Routes:Fresh"] = "00:00:00", // routes are case-insensitive
        });
        var gateway = cluster.Instances[0];
        var content = JsonSerializer.Serialize(Unique());

        using var first = await PostAsync(gateway, $$"""{"model":"fresh","messages":[{"role":"user","content":{{content}}}]}""", ("x-flexiai-cache", "use"));
        using var second = await PostAsync(gateway, $$"""{"model":"fresh","messages":[{"role":"user","content":{{content}}}]}""", ("x-flexiai-cache", "use"));

        Assert.Null(first.Header("x-flexiai-cache"));
        Assert.Null(second.Header("x-flexiai-cache"));
        Assert.Equal(2, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Answers_over_the_size_limit_are_not_stored()
    {
        await using var cluster = await StartAsync(instances: 1, new() { ["FlexiAI:Cache:MaxEntryBytes"] = "256" });
        var gateway = cluster.Instances[0];
        var content = Unique();

        var (first, body) = await SendAsync(gateway, content);
        var (second, _) = await SendAsync(gateway, content);

        Assert.True(Encoding.UTF8.GetByteCount(body) > 256);
        Assert.Equal(["miss", "miss"], new[] { first, second }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(2, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Callers_with_different_keys_never_share_an_entry()
    {
        const string KeyA = "client-key-aaaaaaaaaaaaaaaa";
        const string KeyB = "client-key-bbbbbbbbbbbbbbbb";
        await using var cluster = await StartAsync(instances: 1, new()
        {
            ["FlexiAI:Auth:ClientKeys:0"] = KeyA,
            ["FlexiAI:Auth:ClientKeys:1"] = KeyB,
        }, waitForSync: false);
        var gateway = cluster.Instances[0];
        gateway.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyA);
        await Eventually.TrueAsync(async () => (await gateway.SyncAsync()).GetProperty("connected").GetBoolean(), "the gateway is connected to Redis");
        var content = Unique();

        var (a, _) = await SendAsync(gateway, content, headers: ("Authorization", "Bearer " + KeyA));
        var (b, _) = await SendAsync(gateway, content, headers: ("Authorization", "Bearer " + KeyB));
        var (aAgain, _) = await SendAsync(gateway, content, headers: ("Authorization", "Bearer " + KeyA));

        Assert.Equal(["miss", "miss", "hit"], new[] { a, b, aAgain }.Select(r => r.Header("x-flexiai-cache")));
        Assert.Equal(2, await CallsAsync(Primary));
    }

    [Fact]
    public async Task Redis_slow_or_down_is_a_miss_never_an_error()
    {
        await using var server = await RedisServerProcess.StartRedisAsync([], _ct);
        await using var cluster = await StartAsync(instances: 1, redisConnectionString: server.ConnectionString,
            settings: new() { ["FlexiAI:Sync:OperationTimeout"] = "00:00:00.250" });
        var gateway = cluster.Instances[0];
        var content = Unique();
        await SendAsync(gateway, content);

        // Slow: the server holds every command for 3 s. The lookup gives up after Sync:OperationTimeout (250 ms here).
        Assert.Contains("+OK", await RawResp.CommandAsync(server.Port, _ct, "CLIENT", "PAUSE", "3000", "ALL"), StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var (slow, _) = await SendAsync(gateway, content);
        var slowTook = clock.Elapsed;

        // Down.
        await server.KillAsync();
        await Eventually.TrueAsync(async () => !(await gateway.HealthAsync()).GetProperty("redis_connected").GetBoolean(), "the gateway sees Redis gone");
        clock.Restart();
        var (down, _) = await SendAsync(gateway, content);
        var downTook = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.Equal("miss", slow.Header("x-flexiai-cache"));
        Assert.True(slowTook < TimeSpan.FromSeconds(2), $"the request waited {slowTook.TotalMilliseconds} ms on a paused Redis");
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Equal("miss", down.Header("x-flexiai-cache"));
        Assert.True(downTook < TimeSpan.FromSeconds(1), $"the request took {downTook.TotalMilliseconds} ms with Redis down");
        Assert.Equal(3, await CallsAsync(Primary));
    }

    private async Task<GatewayCluster> StartAsync(int instances, Dictionary<string, string>? settings = null, string? redisConnectionString = null,
        bool waitForSync = true)
    {
        await simulator.ResetAsync(_ct);
        var overrides = new Dictionary<string, string> { ["FlexiAI:Cache:Enabled"] = "true" };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }
        return await GatewayCluster.StartAsync(redisConnectionString ?? redis.Require().ConnectionString, simulator, instances, overrides, waitForSync);
    }

    private static string Unique() => "Cache me: " + Guid.NewGuid().ToString("N");

    /// <summary>A chat completion for <paramref name="content"/>; returns the response (headers) and its body.</summary>
    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(GatewayInstance gateway, string content, bool stream = false,
        bool includeUsage = true, params (string Name, string Value)[] headers)
    {
        var body = JsonSerializer.Serialize(new
        {
            model = "default",
            stream,
            stream_options = stream ? new { include_usage = includeUsage } : null,
            messages = new[] { new { role = "user", content } },
        });
        var response = await PostAsync(gateway, body, headers);
        return (response, await response.Content.ReadAsStringAsync(_ct));
    }

    private async Task<HttpResponseMessage> PostAsync(GatewayInstance gateway, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await gateway.Client.SendAsync(request, _ct);
    }

    private async Task<long> CallsAsync(string provider) =>
        (await simulator.GetStatsAsync(provider, _ct)).GetProperty("calls").GetInt64();

    private static OpenAI.Chat.ChatClient OpenAIClient(GatewayInstance gateway) =>
        new("default", new System.ClientModel.ApiKeyCredential("not-checked"),
            new OpenAI.OpenAIClientOptions { Endpoint = new Uri(gateway.Client.BaseAddress!, "v1") });

    private async Task<(string Text, OpenAI.Chat.ChatFinishReason? FinishReason, OpenAI.Chat.ChatTokenUsage? Usage)> StreamAsync(
        OpenAI.Chat.ChatClient client, string content)
    {
        var text = new StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        OpenAI.Chat.ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new OpenAI.Chat.UserChatMessage(content)], cancellationToken: _ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }
        return (text.ToString(), finish, usage);
    }
}
