namespace FlexiAI.Tests.Gateway;

/// <summary>Reads the <c>data:</c> payloads of a whole SSE body.</summary>
internal static class ServerSentEventsText
{
    public static List<string> DataLines(string body) =>
        [.. body.Split('\n')
            .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
            .Select(line => line[5..].Trim())];
}
