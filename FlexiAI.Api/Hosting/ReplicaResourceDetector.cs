using OpenTelemetry.Resources;

namespace FlexiAI.Api.Hosting;

/// <summary>
/// Puts the replica id on the OpenTelemetry resource (<c>flexiai.replica_id</c>): every log record, span and metric this
/// process exports carries it, at no cost per request (a logging scope per request cost about 0.5 KB each).
/// </summary>
internal sealed class ReplicaResourceDetector(ReplicaIdentity replica) : IResourceDetector
{
    public const string Attribute = "flexiai.replica_id";

    public Resource Detect() => new([new KeyValuePair<string, object>(Attribute, replica.Id)]);
}
