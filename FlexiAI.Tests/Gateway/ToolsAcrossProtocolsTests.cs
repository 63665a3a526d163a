using System.ClientModel;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace FlexiAI.Tests.Gateway;

/// <summary>
/// Tools, images and structured output across protocols, over real HTTP: requests in OpenAI's format answered by the
/// Anthropic-protocol simulator through the translation path, with the official OpenAI .NET client and
/// Microsoft.Extensions.AI's function-invoking client while the OpenAI-protocol provider fails.
/// </summary>
public sealed class ToolsAcrossProtocolsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string WeatherSchema = """
        {"type":"object","properties":{"location":{"type":"string"},"days":{"type":"integer"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"detailed":{"type":"boolean"}},"required":["location","days","unit"]}
        """;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private ChatClient Client() =>
        new("default", new ApiKeyCredential("client-key-not-checked-yet"), new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseAddress, "v1") });

    private async Task FailOpenAIAsync()
    {
        await gateway.ResetAsync(_ct);
        await gateway.Simulator.SetFaultAsync(GatewayFixture.OpenAIProvider, new { mode = "error", status = 500 }, _ct);
    }

    [Fact]
    public async Task A_forced_tool_is_called_with_arguments_that_satisfy_its_schema()
    {
        await gateway.ResetAsync(_ct);
        using var response = await PostAsync($$$"""
            {"model":"{{{GatewayFixture.TranslatedRoute}}}","messages":[{"role":"user","content":"Weather please"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{{{WeatherSchema}}}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"} } }
            """);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = Assert.Single(choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray());
        Assert.StartsWith("toolu_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        AssertSatisfiesWeatherSchema(call.GetProperty("function").GetProperty("arguments").GetString()!);
    }

    [Fact]
    public async Task A_streamed_tool_call_arrives_as_OpenAI_tool_call_deltas()
    {
        await gateway.ResetAsync(_ct);
        using var response = await PostAsync($$$"""
            {"model":"{{{GatewayFixture.TranslatedRoute}}}","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"Use get_weather for Paris"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{{{WeatherSchema}}}}}]}
            """);

        var events = ServerSentEventsText.DataLines(await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
        var toolDeltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out _)).Select(d => d.GetProperty("tool_calls")[0]).ToList();
        Assert.True(toolDeltas.Count >= 2, $"{toolDeltas.Count} tool-call deltas");
        Assert.Equal("get_weather", toolDeltas[0].GetProperty("function").GetProperty("name").GetString());
        Assert.StartsWith("toolu_", toolDeltas[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        AssertSatisfiesWeatherSchema(string.Concat(toolDeltas.Select(d => d.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Contains(chunks, c => c.GetProperty("choices").GetArrayLength() > 0 &&
            c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String &&
            c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "tool_calls");
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task An_image_crosses_as_a_base64_source_and_json_schema_output_satisfies_its_schema()
    {
        await gateway.ResetAsync(_ct);
        using var image = await PostAsync($$$"""
            {"model":"{{{GatewayFixture.TranslatedRoute}}}","messages":[{"role":"user","content":[{"type":"text","text":"Describe"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}
            """);
        using var imageJson = JsonDocument.Parse(await image.Content.ReadAsStringAsync(_ct));
        Assert.Contains("[image image/png, 8 bytes]", imageJson.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            StringComparison.Ordinal);

        using var structured = await PostAsync($$$"""
            {"model":"{{{GatewayFixture.TranslatedRoute}}}","messages":[{"role":"user","content":"Weather as JSON"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"weather","schema":{{{WeatherSchema}}} } }}
            """);
        using var structuredJson = JsonDocument.Parse(await structured.Content.ReadAsStringAsync(_ct));
        var choice = structuredJson.RootElement.GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        AssertSatisfiesWeatherSchema(choice.GetProperty("message").GetProperty("content").GetString()!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_official_OpenAI_client_runs_a_tool_loop_while_the_OpenAI_provider_fails(bool streaming)
    {
        await FailOpenAIAsync();
        var tool = ChatTool.CreateFunctionTool("get_weather", "Current weather", BinaryData.FromString(WeatherSchema));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather") };
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("What is the weather in Paris?")];

        var (callId, name, arguments, finish) = streaming ? await StreamToolCallAsync(messages, options) : await CompleteToolCallAsync(messages, options);

        Assert.Equal("get_weather", name);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, finish);
        AssertSatisfiesWeatherSchema(arguments);
        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(callId, name, BinaryData.FromString(arguments))]));
        messages.Add(new ToolChatMessage(callId, "15 degrees and light rain"));
        ChatCompletion answer = await Client().CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } }, _ct);

        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, answer.FinishReason);
        Assert.Contains("tool result: 15 degrees and light rain", answer.Content[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Hello from sim-anthropic", answer.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_function_invoking_chat_client_calls_the_function_through_the_gateway()
    {
        await FailOpenAIAsync();
        var calls = new List<string>();
        var weather = AIFunctionFactory.Create((string location) =>
        {
            calls.Add(location);
            return $"Sunny in {location}";
        }, "get_weather", "Current weather");
        using var client = new ChatClientBuilder(Client().AsIChatClient()).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync([new AIChatMessage(AIChatRole.User, "Please call get_weather")],
            new ChatOptions { Tools = [weather] }, _ct);

        Assert.Equal(["sample"], calls);
        Assert.Contains("Sunny in sample", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_in_process_chat_client_carries_function_calls_images_and_json_output_to_the_Anthropic_protocol(bool streaming)
    {
        await gateway.ResetAsync(_ct);
        var inProcess = gateway.Services.GetRequiredService<FlexiAI.Chat.FlexiAIChatClient>();
        var calls = new List<string>();
        var weather = AIFunctionFactory.Create((string location) =>
        {
            calls.Add(location);
            return $"Sunny in {location}";
        }, "get_weather", "Current weather");
        using var client = new ChatClientBuilder(inProcess).UseFunctionInvocation().Build();
        var options = new ChatOptions { ModelId = GatewayFixture.TranslatedRoute, Tools = [weather] };
        List<AIChatMessage> messages = [new(AIChatRole.User, "Please call get_weather")];

        var text = streaming
            ? string.Concat(await client.GetStreamingResponseAsync(messages, options, _ct).Select(u => u.Text).ToListAsync(_ct))
            : (await client.GetResponseAsync(messages, options, _ct)).Text;

        Assert.Equal(["sample"], calls);
        Assert.Contains("tool result: Sunny in sample", text, StringComparison.Ordinal);

        var image = await inProcess.GetResponseAsync([new AIChatMessage(AIChatRole.User,
            [new TextContent("Describe"), new DataContent(Convert.FromBase64String("iVBORw0KGgo="), "image/png")])],
            new ChatOptions { ModelId = GatewayFixture.TranslatedRoute }, _ct);
        Assert.Contains("[image image/png, 8 bytes]", image.Text, StringComparison.Ordinal);

        using var schema = JsonDocument.Parse(WeatherSchema);
        var structured = await inProcess.GetResponseAsync([new AIChatMessage(AIChatRole.User, "Weather as JSON")],
            new ChatOptions { ModelId = GatewayFixture.TranslatedRoute, ResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "weather") }, _ct);
        AssertSatisfiesWeatherSchema(structured.Text);
    }

    private async Task<(string Id, string Name, string Arguments, OpenAI.Chat.ChatFinishReason? Finish)> CompleteToolCallAsync(
        List<OpenAI.Chat.ChatMessage> messages, ChatCompletionOptions options)
    {
        ChatCompletion completion = await Client().CompleteChatAsync(messages, options, _ct);
        var call = Assert.Single(completion.ToolCalls);
        return (call.Id, call.FunctionName, call.FunctionArguments.ToString(), completion.FinishReason);
    }

    private async Task<(string Id, string Name, string Arguments, OpenAI.Chat.ChatFinishReason? Finish)> StreamToolCallAsync(
        List<OpenAI.Chat.ChatMessage> messages, ChatCompletionOptions options)
    {
        string? id = null, name = null;
        OpenAI.Chat.ChatFinishReason? finish = null;
        var arguments = new StringBuilder();
        await foreach (var update in Client().CompleteChatStreamingAsync(messages, options, _ct))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                Assert.Equal(0, part.Index);
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }
            finish ??= update.FinishReason;
        }
        return (id!, name!, arguments.ToString(), finish);
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        gateway.Client.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), _ct);

    /// <summary>Every required property of <see cref="WeatherSchema"/> present with a value of its type.</summary>
    private static void AssertSatisfiesWeatherSchema(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.String, root.GetProperty("location").ValueKind);
        Assert.True(root.GetProperty("days").TryGetInt32(out _), json);
        Assert.True(root.GetProperty("unit").GetString() is "celsius" or "fahrenheit", json);
    }
}
