using System.Text.Json;
using FlexiAI.Simulator.Faults;
using FlexiAI.Simulator.Json;
using FlexiAI.Simulator.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexiAI.Simulator.Apis;

/// <summary>Injects, lists and clears faults per provider.</summary>
internal static class FaultsApi
{
    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/faults").WithTags("Control");
        faults.MapGet("/", ListFaults).WithName("ListFaults");
        faults.MapPut("/{provider}", SetFault).WithName("SetFault");
        faults.MapDelete("/", ClearFaults).WithName("ClearFaults");
        faults.MapDelete("/{provider}", ClearFault).WithName("ClearFault");
        return app;
    }

    /// <summary><c>GET /faults</c>: the fault of every provider; healthy ones show mode <c>ok</c>.</summary>
    public static Ok<Dictionary<string, FaultSettings>> ListFaults(ProviderRegistry registry) =>
        TypedResults.Ok(registry.All.ToDictionary(p => p.Name, p => p.Fault));

    /// <summary><c>PUT /faults/{provider}</c>: stores the fault (defaults filled in) and returns it.</summary>
    public static async Task<Results<Ok<FaultSettings>, NotFound<ProblemDetails>, ValidationProblem>> SetFault(
        string provider,
        HttpRequest request,
        ProviderRegistry registry,
        ILogger<ProviderRegistry> logger)
    {
        if (!registry.TryGet(provider, out var found))
        {
            return UnknownProvider(provider, registry);
        }

        FaultRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, SimulatorJson.Context.FaultRequest, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [ex.Path is { Length: > 2 } path ? path[2..] : "body"] = [ex.Message] },
                title: "The fault is not valid JSON of the expected shape.");
        }

        if (body is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["mode"] = ["mode is required."] },
                title: "The fault must be a JSON object.");
        }

        if (body.Validate(out var errors) is not { } fault)
        {
            return TypedResults.ValidationProblem(errors, title: "The fault is not valid.");
        }

        found.Fault = fault;
        SimulatorLog.FaultSet(logger, found.Name, fault.Mode, fault.Status, fault.RetryAfterS, fault.LatencyMs, fault.ErrorRate, fault.AfterChunks);
        return TypedResults.Ok(fault);
    }

    /// <summary><c>DELETE /faults</c>: every provider healthy again.</summary>
    public static NoContent ClearFaults(ProviderRegistry registry, ILogger<ProviderRegistry> logger)
    {
        foreach (var provider in registry.All)
        {
            provider.Fault = FaultSettings.Healthy;
        }

        SimulatorLog.FaultsCleared(logger, "all providers");
        return TypedResults.NoContent();
    }

    /// <summary><c>DELETE /faults/{provider}</c>: one provider healthy again.</summary>
    public static Results<NoContent, NotFound<ProblemDetails>> ClearFault(
        string provider,
        ProviderRegistry registry,
        ILogger<ProviderRegistry> logger)
    {
        if (!registry.TryGet(provider, out var found))
        {
            return UnknownProvider(provider, registry);
        }

        found.Fault = FaultSettings.Healthy;
        SimulatorLog.FaultsCleared(logger, found.Name);
        return TypedResults.NoContent();
    }

    internal static NotFound<ProblemDetails> UnknownProvider(string provider, ProviderRegistry registry) =>
        TypedResults.NotFound(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Unknown provider",
            Detail = $"No simulated provider '{provider}'. Known providers: {string.Join(", ", registry.All.Select(p => p.Name))}.",
        });
}
