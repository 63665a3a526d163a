using System.Net;
using System.Text;
using FlexiAI.Breakers;
using FlexiAI.Chat;
using FlexiAI.Providers;
using FlexiAI.Routing;
using FlexiAI.Tests.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The translation path's own Anthropic client against the simulator's Messages API, over real HTTP: what reaches the
/// provider, what comes back (text, finish reason, usage, whole and streamed), and how its failures feed the router.
/// Providers: <c>sim-anthropic</c> first, <c>sim-openai</c> second; a breaker opens on its first failure.
/// </summary>
public sealed class AnthropicChatClientTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IDisposable
{
    private const string Model = "claude-sonnet-4-5";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private ServiceProvider? _services;

    private ServiceProvider Services()
    {
        var settings = new Dictionary<string, string?>
        {
            ["FlexiAI:Providers:0:Name"] = SimulatorFixture.AnthropicProvider,
            ["FlexiAI:Providers:0:Kind"] = "Anthropic",
            ["FlexiAI:Providers:0:Model"] = Model,
            ["FlexiAI:Providers:0:Priority"] = "1",
            ["FlexiAI:Providers:0:Endpoint"] = simulator.ProviderAddress(SimulatorFixture.AnthropicProvider).ToString(),
            ["FlexiAI:Providers:1:Name"] = SimulatorFixture.OpenAIProvider,
            ["FlexiAI:Providers:1:Kind"] = "OpenAI",
            ["FlexiAI:Providers:1:Model"] = "gpt-4o-mini",
            ["FlexiAI:Providers:1:Priority"] = "2",
            ["FlexiAI:Providers:1:Endpoint"] = new Uri(simulator.ProviderAddress(SimulatorFixture.OpenAIProvider), "v1").ToString(),
            ["FlexiAI:CircuitBreaker:FailureThreshold"] = "1",
            ["FlexiAI:CircuitBreaker:RecoveryTimeout"] = "00:00:30",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddLogging().AddFlexiAI(configuration).BuildServiceProvider();
        return _services;
    }

    /// <summary>The Anthropic provider's own client, without the router.</summary>
    private IChatClient AnthropicClient() =>
        Services().GetRequiredService<ProviderCatalog>().Find(SimulatorFixture.AnthropicProvider)!.ChatClient;

    [Fact]
    public async Task Answers_with_text_model_finish_reason_and_usage()
    {
        await simulator.ResetAsync(_ct);

        var response = await AnthropicClient().GetResponseAsync("What is the capital of France?", cancellationToken: _ct);

        Assert.StartsWith("Hello from sim-anthropic. You said: What is the capital of France?", response.Text, StringComparison.Ordinal);
        Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.StartsWith("msg_", response.ResponseId, StringComparison.Ordinal);
        Assert.Equal(Model, response.ModelId); // the simulator answers with the model it was asked for
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokenCount > 0);
        Assert.Equal(40, response.Usage.OutputTokenCount); // the simulator's 40 words
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task System_prompt_and_max_tokens_reach_the_provider()
    {
        await simulator.ResetAsync(_ct);
        var client = AnthropicClient();
        const string system = "You are terse. You answer in one line and never apologise.";
        ChatMessage[] withSystem = [new(ChatRole.System, system), new(ChatRole.User, "Hello")];

        var plain = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")], cancellationToken: _ct);
        var instructed = await client.GetResponseAsync(withSystem, new ChatOptions { MaxOutputTokens = 5 }, cancellationToken: _ct);

        // The simulator counts ceil(characters of all message text / 4) + 3 per message, the system prompt included.
        Assert.Equal((5 + 3) / 4 + 3, plain.Usage!.InputTokenCount);
        Assert.Equal((system.Length + 5 + 3) / 4 + (3 * 2), instructed.Usage!.InputTokenCount);
        // ... and cuts its answer to max_tokens words.
        Assert.Equal(5, instructed.Usage.OutputTokenCount);
        Assert.Equal(5, instructed.Text.Split(' ').Length);
        Assert.Equal(ChatFinishReason.Length, instructed.FinishReason);
    }

    [Fact]
    public void The_request_carries_every_option_the_translation_sets()
    {
        // The simulator does not look at temperature, top_p, top_k or stop sequences: the request body is checked here.
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Hi"),
            new(ChatRole.Assistant, "Hello there.  "),
            new(ChatRole.System, "Answer in French."),
            new(ChatRole.User, [new TextContent("What is "), new TextContent("failover?")]),
            new(ChatRole.User, "   "),
        ];
        var options = new ChatOptions
        {
            MaxOutputTokens = 77,
            Temperature = 0.25f,
            TopP = 0.9f,
            TopK = 40,
            StopSequences = ["END", "STOP"],
            Instructions = "No emojis.",
        };

        var body = FlexiAI.Protocols.Anthropic.AnthropicRequestWriter.Write(messages, options, Model, stream: true);

        using var json = System.Text.Json.JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(Model, root.GetProperty("model").GetString());
        Assert.Equal(77, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.25, root.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.9, root.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(40, root.GetProperty("top_k").GetInt32());
        Assert.Equal("END,STOP", string.Join(",", root.GetProperty("stop_sequences").EnumerateArray().Select(s => s.GetString())));
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal("Be brief.|Answer in French.|No emojis.",
            string.Join("|", root.GetProperty("system").EnumerateArray().Select(b => b.GetProperty("text").GetString())));
        var sent = string.Join(" / ", root.GetProperty("messages").EnumerateArray().Select(m =>
            m.GetProperty("role").GetString() + ":" + string.Join("|", m.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()))));
        // Blank messages are left out and an assistant's trailing whitespace trimmed, as the SDK's client did.
        Assert.Equal("user:Hi / assistant:Hello there. / user:What is |failover?", sent);
    }

    [Fact]
    public void Defaults_match_the_sdk_client_function_tools_are_written_and_other_tools_refused()
    {
        var body = FlexiAI.Protocols.Anthropic.AnthropicRequestWriter.Write([new ChatMessage(ChatRole.User, "Hi")], null, Model, stream: false);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(1024, json.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("stream", out _));
        Assert.False(json.RootElement.TryGetProperty("system", out _));
        Assert.False(json.RootElement.TryGetProperty("tools", out _));

        var withTool = FlexiAI.Protocols.Anthropic.AnthropicRequestWriter.Write(
            [new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] }, Model, stream: false);
        using var toolJson = System.Text.Json.JsonDocument.Parse(withTool);
        var tool = Assert.Single(toolJson.RootElement.GetProperty("tools").EnumerateArray());
        Assert.Equal("one", tool.GetProperty("name").GetString());
        Assert.Equal("object", tool.GetProperty("input_schema").GetProperty("type").GetString());

        var refused = Assert.Throws<ProviderException>(() => FlexiAI.Protocols.Anthropic.AnthropicRequestWriter.Write(
            [new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = [new HostedWebSearchTool()] }, Model, stream: false));
        Assert.Equal(FailureKind.ClientError, refused.Failure.Kind);
    }

    [Fact]
    public async Task Streams_text_then_finish_reason_and_usage()
    {
        await simulator.ResetAsync(_ct);
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in AnthropicClient().GetStreamingResponseAsync("Tell me about failover.", cancellationToken: _ct))
        {
            updates.Add(update);
        }

        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.All(updates, u => Assert.StartsWith("msg_", u.ResponseId, StringComparison.Ordinal));
        Assert.All(updates, u => Assert.Equal(Model, u.ModelId));
        var text = string.Concat(updates.Select(u => u.Text));
        Assert.StartsWith("Hello from sim-anthropic. You said: Tell me about failover.", text, StringComparison.Ordinal);
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.True(usage.InputTokenCount > 0);
        Assert.Equal(40, usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        // The same answer as a whole, once the updates are put together.
        var whole = updates.ToChatResponse();
        Assert.Equal(text, whole.Text);
        Assert.Equal(40, whole.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Rate_limit_keeps_its_retry_after_and_the_breaker_open_that_long()
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "rate_limit", retry_after_s = 120 }, _ct);
        var services = Services();
        var provider = services.GetRequiredService<ProviderCatalog>().Find(SimulatorFixture.AnthropicProvider)!;

        var direct = await Assert.ThrowsAsync<ProviderException>(() => provider.ChatClient.GetResponseAsync("Hello", cancellationToken: _ct));
        Assert.Equal(FailureKind.RateLimited, direct.Failure.Kind);
        Assert.Equal(HttpStatusCode.TooManyRequests, direct.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), direct.Failure.RetryAfter);
        Assert.Contains("rate_limit_error", Encoding.UTF8.GetString(direct.Body.Span), StringComparison.Ordinal);

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync("Hello", cancellationToken: _ct);

        Assert.Equal(SimulatorFixture.OpenAIProvider, response.AdditionalProperties?[FlexiAIChatClient.ProviderProperty]);
        var breaker = services.GetRequiredService<IBreakerStateStore>().GetState(SimulatorFixture.AnthropicProvider);
        Assert.Equal(CircuitState.Open, breaker.State);
        var openFor = breaker.RetryAt!.Value - breaker.OpenedAt!.Value;
        Assert.True(openFor >= TimeSpan.FromSeconds(120), $"open for {openFor}, recovery timeout is 30 s, Retry-After 120 s");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Malformed_answer_fails_over_and_counts(bool stream)
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "malformed" }, _ct);
        var services = Services();
        var provider = services.GetRequiredService<ProviderCatalog>().Find(SimulatorFixture.AnthropicProvider)!;

        var direct = await Assert.ThrowsAsync<ProviderException>(() => stream
            ? provider.ChatClient.GetStreamingResponseAsync("Hello", cancellationToken: _ct).ToChatResponseAsync(_ct)
            : provider.ChatClient.GetResponseAsync("Hello", cancellationToken: _ct));
        Assert.Equal(FailureKind.MalformedResponse, direct.Failure.Kind);

        var client = services.GetRequiredService<IChatClient>();
        var answeredBy = stream
            ? await FirstProviderAsync(client.GetStreamingResponseAsync("Hello", cancellationToken: _ct))
            : (await client.GetResponseAsync("Hello", cancellationToken: _ct)).AdditionalProperties?[FlexiAIChatClient.ProviderProperty];

        Assert.Equal(SimulatorFixture.OpenAIProvider, answeredBy);
        var breaker = services.GetRequiredService<IBreakerStateStore>().GetState(SimulatorFixture.AnthropicProvider);
        Assert.Equal(1, breaker.ConsecutiveFailures);
    }

    [Fact]
    public async Task Server_error_keeps_the_providers_status_and_body()
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "error", status = 529 }, _ct);

        var error = await Assert.ThrowsAsync<ProviderException>(() => AnthropicClient().GetResponseAsync("Hello", cancellationToken: _ct));

        Assert.Equal(FailureKind.ServerError, error.Failure.Kind);
        Assert.Equal((HttpStatusCode)529, error.StatusCode);
        Assert.Contains("overloaded_error", Encoding.UTF8.GetString(error.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_cut_before_message_stop_is_a_broken_connection_not_a_short_answer()
    {
        await simulator.ResetAsync(_ct);
        await simulator.SetFaultAsync(SimulatorFixture.AnthropicProvider, new { mode = "drop_mid_stream", after_chunks = 6 }, _ct);
        var received = new StringBuilder();

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in AnthropicClient().GetStreamingResponseAsync("Hello", cancellationToken: _ct))
            {
                received.Append(update.Text);
            }
        });

        Assert.StartsWith("Hello", received.ToString(), StringComparison.Ordinal);
        Assert.Equal(FailureKind.Connection, FailureClassifier.Classify(error, attemptTimedOut: false, TimeSpan.FromSeconds(1)).Kind);
    }

    [Fact]
    public void An_error_event_in_the_stream_fails_as_the_same_error_before_it_would()
    {
        // The simulator sends no error events; Anthropic does (overloaded_error mid-stream).
        var reader = new FlexiAI.Protocols.Anthropic.AnthropicStreamReader(Model);
        Assert.NotNull(reader.Read("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"u8));
        Assert.Null(reader.Read("event: ping\ndata: {\"type\": \"ping\"}\n\n"u8));
        Assert.Null(reader.Read(": a comment\n\n"u8));

        var error = Assert.Throws<ProviderException>(() => reader.Read(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"u8));

        Assert.Equal(FailureKind.ServerError, error.Failure.Kind);
        Assert.Equal((HttpStatusCode)529, error.StatusCode);
        Assert.False(reader.Completed);
    }

    [Fact]
    public void Describes_itself_as_anthropic()
    {
        var metadata = AnthropicClient().GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("anthropic", metadata.ProviderName);
        Assert.Equal(Model, metadata.DefaultModelId);
        Assert.Equal(simulator.ProviderAddress(SimulatorFixture.AnthropicProvider), metadata.ProviderUri);
    }

    private static async Task<object?> FirstProviderAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        object? provider = null;
        await foreach (var update in updates)
        {
            provider ??= update.AdditionalProperties?[FlexiAIChatClient.ProviderProperty];
        }
        return provider;
    }

    public void Dispose() => _services?.Dispose();
}
