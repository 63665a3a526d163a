using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// The official Anthropic .NET client (package <c>Anthropic</c>) pointed at the gateway over real HTTP, with the
/// simulator's providers behind it: answered by the Anthropic-protocol provider (passed through), and, while that
/// provider fails, by the OpenAI-protocol provider (translated), streaming and not, with a forced <c>tool_use</c>.
/// </summary>
public sealed class AnthropicClientCompatibilityTests(MessagesGatewayFixture gateway) : IClassFixture<MessagesGatewayFixture>
{
    private static readonly string[] RequiredLocation = ["location"];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private AnthropicClient Client() => new()
    {
        BaseUrl = gateway.BaseAddress.ToString().TrimEnd('/'),
        ApiKey = MessagesGatewayFixture.ClientKey,
        MaxRetries = 0,
    };

    private static MessageCreateParams Ask(string text, ToolChoice? toolChoice = null) => new()
    {
        Model = MessagesGatewayFixture.AnthropicFirstRoute,
        MaxTokens = 256,
        Messages = [new UserMessageParam(text)],
        Tools = toolChoice is null ? null : [WeatherTool()],
        ToolChoice = toolChoice,
    };

    private static ToolUnion WeatherTool() => new Tool
    {
        Name = "get_weather",
        Description = "Get the current weather in a given location",
        InputSchema = InputSchema.FromRawUnchecked(new Dictionary<string, JsonElement>
        {
            ["type"] = JsonSerializer.SerializeToElement("object"),
            ["properties"] = JsonSerializer.SerializeToElement(new { location = new { type = "string" } }),
            ["required"] = JsonSerializer.SerializeToElement(RequiredLocation),
        }),
    };

    [Fact]
    public async Task A_message_from_the_Anthropic_provider_is_passed_through()
    {
        await gateway.ResetAsync(_ct);

        var message = await Client().Messages.Create(Ask("Tell me about failover."), _ct);

        Assert.Equal("claude-sonnet-4-5", message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrWhiteSpace(text!.Text));
        Assert.True(message.Usage.OutputTokens > 0);
        var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.AnthropicProvider, _ct);
        Assert.Equal(1, stats.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task While_the_Anthropic_provider_is_overloaded_the_answer_is_translated_from_the_OpenAI_provider()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 529 }, _ct);

        var message = await Client().Messages.Create(Ask("Tell me about failover."), _ct);

        Assert.Equal("gpt-4o-mini", message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrWhiteSpace(text!.Text));
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.True(message.Usage.InputTokens > 0);
        Assert.True(message.Usage.OutputTokens > 0);
    }

    [Fact]
    public async Task A_streamed_answer_translated_from_the_OpenAI_provider_has_the_Messages_event_sequence_and_usage()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 500 }, _ct);

        var kinds = new List<string>();
        var text = new System.Text.StringBuilder();
        long outputTokens = 0, inputTokens = 0;
        await foreach (var streamEvent in Client().Messages.CreateStreaming(Ask("Tell me about failover."), _ct))
        {
            streamEvent.Switch(
                start => kinds.Add("message_start"),
                delta =>
                {
                    kinds.Add("message_delta");
                    outputTokens = delta.Usage.OutputTokens;
                    inputTokens = delta.Usage.InputTokens ?? 0;
                },
                stop => kinds.Add("message_stop"),
                blockStart => kinds.Add("content_block_start"),
                blockDelta =>
                {
                    kinds.Add("content_block_delta");
                    if (blockDelta.Delta.TryPickText(out var piece))
                    {
                        text.Append(piece!.Text);
                    }
                },
                blockStop => kinds.Add("content_block_stop"));
        }

        Assert.Equal("message_start", kinds[0]);
        Assert.Equal("content_block_start", kinds[1]);
        Assert.All(kinds[2..^3], k => Assert.Equal("content_block_delta", k));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], kinds[^3..]);
        Assert.True(kinds.Count > 5, string.Join(",", kinds));
        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        Assert.True(outputTokens > 0);
        Assert.True(inputTokens > 0);
    }

    [Fact]
    public async Task A_forced_tool_use_is_answered_while_the_Anthropic_provider_fails()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 529 }, _ct);

        var message = await Client().Messages.Create(Ask("What is the weather in Paris?", new ToolChoiceTool { Name = "get_weather" }), _ct);

        Assert.Equal("gpt-4o-mini", message.Model.Raw());
        Assert.Equal(StopReason.ToolUse, message.StopReason!.Value());
        var toolUse = Assert.Single(message.Content, c => c.TryPickToolUse(out _));
        Assert.True(toolUse.TryPickToolUse(out var call));
        Assert.Equal("get_weather", call!.Name);
        Assert.False(string.IsNullOrEmpty(call.ID));
        Assert.True(call.Input.ContainsKey("location"));
    }

    [Fact]
    public async Task A_streamed_forced_tool_use_is_answered_while_the_Anthropic_provider_fails()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 503 }, _ct);

        string? toolName = null;
        var input = new System.Text.StringBuilder();
        string? stopReason = null;
        await foreach (var streamEvent in Client().Messages.CreateStreaming(Ask("What is the weather in Paris?", new ToolChoiceTool { Name = "get_weather" }), _ct))
        {
            if (streamEvent.TryPickContentBlockStart(out var start) && start!.ContentBlock.TryPickToolUse(out var toolUse))
            {
                toolName = toolUse!.Name;
            }
            else if (streamEvent.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickInputJson(out var json))
            {
                input.Append(json!.PartialJson);
            }
            else if (streamEvent.TryPickDelta(out var messageDelta))
            {
                stopReason = messageDelta!.Delta.StopReason?.Raw();
            }
        }

        Assert.Equal("get_weather", toolName);
        Assert.Equal("tool_use", stopReason);
        using var arguments = JsonDocument.Parse(input.ToString());
        Assert.True(arguments.RootElement.TryGetProperty("location", out _), input.ToString());
    }

    [Fact]
    public async Task A_translated_tool_call_streams_its_input_fragment_by_fragment()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.AnthropicProvider, new { mode = "error", status = 503 }, _ct);
        const string Question = "What is the weather in Paris?";

        var fragments = new List<string>();
        var kinds = new List<string>();
        await foreach (var streamEvent in Client().Messages.CreateStreaming(Ask(Question, new ToolChoiceTool { Name = "get_weather" }), _ct))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickInputJson(out var json))
            {
                fragments.Add(json!.PartialJson);
            }
            kinds.Add(streamEvent.Json.GetProperty("type").GetString()!);
        }

        // What the OpenAI-protocol provider streams for the same request, asked directly with the OpenAI client.
        var direct = new OpenAI.Chat.ChatClient("gpt-4o-mini", new System.ClientModel.ApiKeyCredential("not-checked"),
            new OpenAI.OpenAIClientOptions { Endpoint = new Uri(gateway.Simulator.ProviderAddress(GatewayFixture.OpenAIProvider), "v1") });
        var options = new OpenAI.Chat.ChatCompletionOptions
        {
            ToolChoice = OpenAI.Chat.ChatToolChoice.CreateFunctionChoice("get_weather"),
            Tools =
            {
                OpenAI.Chat.ChatTool.CreateFunctionTool("get_weather", "Get the current weather in a given location",
                    BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""")),
            },
        };
        var sent = new List<string>();
        await foreach (var update in direct.CompleteChatStreamingAsync([new OpenAI.Chat.UserChatMessage(Question)], options, _ct))
        {
            sent.AddRange(update.ToolCallUpdates.Where(u => !u.FunctionArgumentsUpdate.ToMemory().IsEmpty).Select(u => u.FunctionArgumentsUpdate.ToString()));
        }

        Assert.True(sent.Count > 1, $"the simulator sent the arguments in {sent.Count} fragment(s)");
        Assert.Equal(sent, fragments);
        Assert.Equal(["message_start", "content_block_start", .. Enumerable.Repeat("content_block_delta", sent.Count), "content_block_stop",
            "message_delta", "message_stop"], kinds);
    }

    [Fact]
    public async Task Streaming_from_the_Anthropic_provider_is_passed_through()
    {
        await gateway.ResetAsync(_ct);

        var text = new System.Text.StringBuilder();
        var stopped = false;
        await foreach (var streamEvent in Client().Messages.CreateStreaming(Ask("Tell me about failover."), _ct))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece))
            {
                text.Append(piece!.Text);
            }
            stopped |= streamEvent.TryPickStop(out _);
        }

        Assert.True(stopped);
        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        var stats = await gateway.Simulator.GetStatsAsync(GatewayFixture.AnthropicProvider, _ct);
        Assert.Equal(1, stats.GetProperty("calls").GetInt64());
        var openAIStats = await gateway.Simulator.GetStatsAsync(GatewayFixture.OpenAIProvider, _ct);
        Assert.Equal(0, openAIStats.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Tokens_are_counted_by_the_Anthropic_provider()
    {
        await gateway.ResetAsync(_ct);

        var count = await Client().Messages.CountTokens(new MessageCountTokensParams
        {
            Model = MessagesGatewayFixture.AnthropicFirstRoute,
            Messages = [new UserMessageParam("Tell me about failover.")],
        }, _ct);

        Assert.True(count.InputTokens > 0);
    }
}
