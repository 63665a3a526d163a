using System.ComponentModel.DataAnnotations;

namespace FlexiAI.Simulator;

/// <summary>
/// Settings of the simulator, bound from the <c>Simulator</c> configuration section.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Simulator";

    /// <summary>
    /// The simulated providers. <value>When empty (the default), two providers are simulated:
    /// <c>sim-openai</c> (protocol <c>openai</c>) and <c>sim-anthropic</c> (protocol <c>anthropic</c>).</value>
    /// </summary>
    public List<SimulatedProviderOptions> Providers { get; set; } = [];

    /// <summary>Delay before the first event of a streamed answer. <value>Default 0 ms.</value></summary>
    [Range(0, 600_000, ErrorMessage = "Simulator:TimeToFirstTokenMs must be between {1} and {2}.")]
    public int TimeToFirstTokenMs { get; set; }

    /// <summary>Delay between two events of a streamed answer. <value>Default 0 ms.</value></summary>
    [Range(0, 60_000, ErrorMessage = "Simulator:ChunkDelayMs must be between {1} and {2}.")]
    public int ChunkDelayMs { get; set; }

    /// <summary>
    /// How long a call under the <c>timeout</c> fault hangs before the simulator drops the connection,
    /// unless the client disconnects first. <value>Default 300 s.</value>
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "Simulator:HangTimeoutSeconds must be between {1} and {2}.")]
    public int HangTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Seed of the random source that decides which calls a fault with <c>error_rate</c> below 1 hits.
    /// <value>Default <see langword="null"/>: not seeded, so not reproducible.</value>
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Length of the vectors <c>POST /{provider}/v1/embeddings</c> answers when the request names no <c>dimensions</c>.
    /// <value>Default 1536 (OpenAI's <c>text-embedding-3-small</c>).</value>
    /// </summary>
    [Range(1, 8192, ErrorMessage = "Simulator:EmbeddingDimensions must be between {1} and {2}.")]
    public int EmbeddingDimensions { get; set; } = 1536;

    /// <summary>
    /// How many of each provider's last chat calls (headers and body) <c>GET /requests/{provider}</c> keeps.
    /// <value>Default 0: nothing is recorded (a benchmark's simulator copies nothing).</value>
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Simulator:RecordedRequests must be between {1} and {2}.")]
    public int RecordedRequests { get; set; }
}
