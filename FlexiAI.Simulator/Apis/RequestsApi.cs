using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using FlexiAI.Simulator.Providers;
using FlexiAI.Simulator.Requests;

namespace FlexiAI.Simulator.Apis;

/// <summary>What each provider was sent (<see cref="RequestRecorder"/>), on the control surface beside faults and stats.</summary>
internal static class RequestsApi
{
    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/requests").WithTags("Control");
        requests.MapGet("/{provider}", GetRequests).WithName("GetRequests");
        requests.MapDelete("/", ClearRequests).WithName("ClearRequests");
        return app;
    }

    /// <summary><c>GET /requests/{provider}</c>: the provider's last recorded chat calls, newest first.</summary>
    public static Results<Ok<List<RecordedRequest>>, NotFound<ProblemDetails>> GetRequests(string provider, ProviderRegistry registry,
        RequestRecorder recorder) =>
        registry.TryGet(provider, out _) ? TypedResults.Ok(recorder.Of(provider)) : FaultsApi.UnknownProvider(provider, registry);

    /// <summary><c>DELETE /requests</c>: forgets every recorded request.</summary>
    public static NoContent ClearRequests(RequestRecorder recorder)
    {
        recorder.Clear();
        return TypedResults.NoContent();
    }
}
