using System.Buffers;
using System.Text.Json;
using FlexiAI.Api.Hosting;

namespace FlexiAI.Api.Apis;

/// <summary>
/// <c>GET /cluster</c>: every live replica's view of every provider, as each last published it (every second and on
/// every breaker change). <c>source</c> is <c>redis</c>, or <c>local</c> when Redis cannot be read (this replica only).
/// </summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster", GetCluster);
        return app;
    }

    public static async Task<IResult> GetCluster(ReplicaRegistry registry)
    {
        var (reports, fromRedis) = await registry.ReadAllAsync();
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("replicas");
            foreach (var report in reports)
            {
                // Stored as JSON by the replica that wrote it: copied, not re-serialised.
                writer.WriteRawValue(report, skipInputValidation: false);
            }
            writer.WriteEndArray();
            writer.WriteString("source", fromRedis ? "redis" : "local");
            writer.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }
}
