using System.Text.Json;
using FlexiAI.Tests.Infrastructure;

namespace FlexiAI.Tests.Admission;

/// <summary>
/// The gateway's GC choice travels in its runtimeconfig.json (so in the image and the Deployment): workstation GC, which
/// held RSS per open stream at YARP's where server GC held twice that (docs/benchmarks.md, "Long streams").
/// </summary>
public sealed class GatewayGcSettingTests
{
    [Fact]
    public void The_gateway_is_built_to_run_workstation_gc()
    {
        var path = Path.Combine(RepositoryPaths.BuildOutput("FlexiAI.Api"), "FlexiAI.Api.runtimeconfig.json");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(path));

        var properties = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
