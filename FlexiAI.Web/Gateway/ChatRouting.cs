namespace FlexiAI.Web.Gateway;

/// <summary>What the gateway's response headers say happened to a chat request.</summary>
/// <param name="Provider"><c>x-flexiai-provider</c>: the provider that answered.</param>
/// <param name="Attempts"><c>x-flexiai-attempts</c>: providers tried, the answering one included.</param>
/// <param name="Replica"><c>x-flexiai-replica</c>: the gateway replica that served the request.</param>
public sealed record ChatRouting(string? Provider, int? Attempts, string? Replica)
{
    public const string ProviderHeader = "x-flexiai-provider";
    public const string AttemptsHeader = "x-flexiai-attempts";
    public const string ReplicaHeader = "x-flexiai-replica";

    public static ChatRouting From(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var attempts = Header(response, AttemptsHeader);
        return new ChatRouting(
            Header(response, ProviderHeader),
            int.TryParse(attempts, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null,
            Header(response, ReplicaHeader));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
