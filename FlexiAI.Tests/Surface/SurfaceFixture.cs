using System.ClientModel;
using FlexiAI.Tests.Gateway;
using OpenAI;

namespace FlexiAI.Tests.Surface;

/// <summary>
/// The gateway of <see cref="GatewayFixture"/> with embeddings: <c>sim-openai</c> (priority 1) and <c>dead</c> (priority 3,
/// nothing listens) both serve <see cref="EmbeddingModel"/>; <c>sim-anthropic</c> serves none (and could not: embeddings
/// are passed through only).
/// </summary>
public sealed class SurfaceFixture : GatewayFixture
{
    public const string EmbeddingModel = "text-embedding-3-small";

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--FlexiAI:Providers:0:EmbeddingModel=" + EmbeddingModel,
        "--FlexiAI:Providers:2:EmbeddingModel=" + EmbeddingModel,
    ];

    /// <summary>The official OpenAI client pointed at the gateway's <c>/v1</c>.</summary>
    public OpenAIClient OpenAI() =>
        new(new ApiKeyCredential("no-key-configured"), new OpenAIClientOptions { Endpoint = new Uri(BaseAddress, "v1") });
}
