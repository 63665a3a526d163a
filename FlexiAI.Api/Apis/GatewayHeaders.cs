using System.Globalization;
using FlexiAI.Routing;

namespace FlexiAI.Api.Apis;

/// <summary>The response headers that say what happened to a request.</summary>
public static class GatewayHeaders
{
    public const string Provider = "x-flexiai-provider";
    public const string Attempts = "x-flexiai-attempts";
    public const string Replica = "x-flexiai-replica";

    /// <summary><c>true</c> when the request was hedged: a second provider was tried beside a slow first one.</summary>
    public const string Hedged = "x-flexiai-hedged";

    public static void SetRouting(HttpResponse response, string provider, int attempts)
    {
        response.Headers[Provider] = provider;
        response.Headers[Attempts] = attempts.ToString(CultureInfo.InvariantCulture);
    }

    public static void SetAttempts(HttpResponse response, IReadOnlyList<AttemptRecord> attempts) =>
        response.Headers[Attempts] = attempts.Count.ToString(CultureInfo.InvariantCulture);
}
