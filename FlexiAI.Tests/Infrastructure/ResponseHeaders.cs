namespace FlexiAI.Tests.Infrastructure;

public static class ResponseHeaders
{
    /// <summary>A response header's value (several joined by commas); null when absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
    }
}
