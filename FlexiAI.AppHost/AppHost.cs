// FlexiAI app model, top-down: infrastructure, services, front ends.
// Settings (appsettings.json, environment with __ for :, or command-line): Redis:Mode,
// Simulator:Port, Gateway:Port, Gateway:Replicas, Web:Port; a port of 0 means "let Aspire pick one" (tests).
// Published artefacts carry no fixed ports: the deployment target picks them (GetRunPort).
var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: Redis for the breaker state shared by the gateway replicas. How it runs (container,
// redis-server, embedded Garnet) is chosen before it is added; consumers read ConnectionStrings:cache.
var cache = builder.AddFlexiAIRedis("cache");

// Services: the fake LLM providers, and the gateway replicas behind one port balanced by Aspire's proxy.
// The projects run without launch profiles: the ports here are the only ones, and tests can move them.
var simulator = builder.AddProject<Projects.FlexiAI_Simulator>("simulator", launchProfileName: null)
    .WithAppHostEnvironment()
    .WithHttpEndpoint(port: builder.Configuration.GetPort("Simulator:Port", 5070), name: "http")
    .WithEnvironment("Simulator__TimeToFirstTokenMs", "150")
    .WithEnvironment("Simulator__ChunkDelayMs", "20")
    .WithHttpHealthCheck("/health")
    .AsDevelopmentTool();

var gateway = builder.AddProject<Projects.FlexiAI_Api>("gateway", launchProfileName: null)
    .WithAppHostEnvironment()
    .WithReplicas(builder.Configuration.GetReplicas("Gateway:Replicas", 3))
    .WithHttpEndpoint(port: builder.GetRunPort("Gateway:Port", 5080), name: "http")
    .WithExternalHttpEndpoints()
    .WithHealthProbes(readinessPath: "/health/ready", livenessPath: "/health/live")
    .WithDrain(drainTimeout: TimeSpan.FromSeconds(60), readinessDelay: TimeSpan.FromSeconds(5))
    .WithPrometheusMetrics("/metrics", inFlightGauge: "flexiai_requests_in_flight")
    .WithFlexiAIProviders(simulator)
    .WithDeploymentAuthKeys()
    .WithEnvironment("FlexiAI__CircuitBreaker__RecoveryTimeout", "00:00:30")
    .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString)
    .WithReference(cache)
    .WaitFor(cache)
    .WaitFor(simulator);

// Running locally on the simulator, the default route continues a broken stream (a drop_mid_stream fault on sim-openai
// set from the web UI: the chat page shows the answer continued by sim-anthropic). Not published: a deployment opts in.
if (builder.ExecutionContext.IsRunMode)
{
    gateway.WithEnvironment("FlexiAI__StreamContinuation__default", "true");
}

// Front end: the web UI (chat, breaker board, fault controls). It finds the gateway and the simulator by service
// discovery (https+http://gateway, https+http://simulator) and uses only their public HTTP surface.
builder.AddProject<Projects.FlexiAI_Web>("web", launchProfileName: null)
    .WithAppHostEnvironment()
    .WithoutSignInForDevelopment()
    .WithHttpEndpoint(port: builder.GetRunPort("Web:Port", 5090), name: "http")
    .WithHttpHealthCheck("/health")
    .WithReference(gateway)
    .WithDeploymentGatewayKeys()
    .WithDevelopmentToolReference(simulator)
    .WaitFor(gateway);

// Deployment: the azd manifest (--publisher manifest) and Kubernetes YAML (--step publish-kubernetes) from this model.
builder.AddKubernetesPublishing();

builder.Build().Run();
