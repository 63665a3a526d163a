using System.Text;
using BenchmarkDotNet.Attributes;
using FlexiAI.Api.PassThrough;
using FlexiAI.Breakers;
using FlexiAI.Options;
using FlexiAI.Protocols.Anthropic;
using FlexiAI.Protocols.OpenAI;
using Microsoft.Extensions.AI;

namespace FlexiAI.Bench;

/// <summary>
/// The pieces of the request path, one at a time, with allocations: reading the request, swapping the model in,
/// checking the provider's answer, the translation path's Anthropic request and answer and the OpenAI answer written
/// from it, and the breaker check every attempt makes.
/// <c>dotnet run -c Release --project FlexiAI.Bench -- --filter '*HotPath*'</c>
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly byte[] Request = Encoding.UTF8.GetBytes(
        """{"model":"default","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Hello, how are you today? Tell me about circuit breakers."}],"temperature":0.7,"max_tokens":200,"stream":false}""");

    private static readonly byte[] Response = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-19543dc5c259e0e07b4af2a7","object":"chat.completion","created":1795687138,"model":"gpt-4o-mini","system_fingerprint":"fp_flexiai_sim","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from sim-openai. You said: hello. healthy circuit retries hold from routes and watch cheap answer list request tokens failures remains with tokens a while that budgets words gateway provider breakers stay models fixed every streams for latency quickly of.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":40,"total_tokens":45,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default"}""");

    private static readonly byte[] AnthropicAnswer = Encoding.UTF8.GetBytes(
        """{"id":"msg_5c0e7a1b2f3d4c5e6f708192","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hello from sim-anthropic. You said: hello. healthy circuit retries hold from routes and watch cheap answer list request tokens failures remains with tokens a while that budgets words gateway provider breakers stay models fixed every streams for latency quickly of."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":40}}""");

    private static readonly LimitsOptions Limits = new();
    private readonly TranslatedRequest _translatedRequest = TranslatedRequest.Parse(Request);
    private readonly ChatRequestInfo _info = ChatRequestInfo.TryParse(Request, Limits, out _)!;
    private readonly ChatResponse _translated = new(new ChatMessage(ChatRole.Assistant, "Hello from sim-anthropic. You said: hello. A short answer."))
    {
        ModelId = "claude-sonnet-4-5",
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 40 },
    };
    private readonly InMemoryBreakerStateStore _breakers = new(Microsoft.Extensions.Options.Options.Create(new FlexiAIOptions()), TimeProvider.System);

    [Benchmark]
    public ChatRequestInfo? Parse_and_validate_the_request() => ChatRequestInfo.TryParse(Request, Limits, out _);

    [Benchmark]
    public byte[] Swap_in_the_provider_model() => RequestRewriter.WithModel(Request, _info.ModelStart, _info.ModelEnd, "gpt-4o-mini");

    [Benchmark]
    public bool Check_the_provider_answer_and_read_usage() => ResponseInspector.TryInspect(Response, out _);

    [Benchmark]
    public int Translate_the_request() => TranslatedRequest.Parse(Request).Messages.Count;

    [Benchmark]
    public byte[] Write_the_Anthropic_request() =>
        AnthropicRequestWriter.Write(_translatedRequest.Messages, _translatedRequest.Options, "claude-sonnet-4-5", stream: false);

    [Benchmark]
    public ChatResponse Read_the_Anthropic_answer() => AnthropicResponseReader.Read(AnthropicAnswer, "claude-sonnet-4-5");

    [Benchmark]
    public CompletionPayload Write_a_translated_answer() => OpenAIResponseWriter.Completion(_translated, "claude-sonnet-4-5", TimeProvider.System);

    [Benchmark]
    public bool Breaker_check() => _breakers.GetState("sim-openai").EffectiveState(DateTimeOffset.UtcNow) == CircuitState.Closed;
}
