namespace FlexiAI.Api.PassThrough;

/// <summary>
/// Puts a provider's allowlisted response headers (<see cref="FlexiAI.Http.ProviderResponseHeaders"/>, captured when its
/// answer arrived) on the caller's response: the one place every same-protocol path copies them.
/// </summary>
public static class ProviderHeaderWriter
{
    public static void Apply(HttpResponse response, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        if (headers is null)
        {
            return;
        }
        for (var i = 0; i < headers.Count; i++)
        {
            response.Headers[headers[i].Key] = headers[i].Value;
        }
    }
}
