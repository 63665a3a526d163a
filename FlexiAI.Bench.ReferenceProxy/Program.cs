using Yarp.ReverseProxy.Configuration;

// A YARP pass-through proxy, the yardstick of docs/benchmarks.md: one catch-all route to --Upstream, nothing else on
// the request path.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var upstream = builder.Configuration["Upstream"] ?? throw new InvalidOperationException("--Upstream=http://host:port/prefix/ is required");
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**rest}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapGet("/health/live", () => "ok");
app.MapReverseProxy();
app.Run();
