using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Http.Headers;

namespace FlexiAI.Routing;

/// <summary>Reads Retry-After (delta seconds or an HTTP date), capped so a hostile value cannot park a provider for days.</summary>
public static class RetryAfterParser
{
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    public static TimeSpan? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.RetryAfter switch
        {
            { Delta: { } delta } => Clamp(delta),
            { Date: { } date } => Clamp(date - now),
            _ => null,
        };

    public static TimeSpan? FromHeaders(PipelineResponse? response)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }
        return Parse(value, DateTimeOffset.UtcNow);
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return Clamp(TimeSpan.FromSeconds(Math.Min(seconds, Cap.TotalSeconds)));
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Clamp(date - now)
            : null;
    }

    private static TimeSpan? Clamp(TimeSpan value) =>
        value <= TimeSpan.Zero ? TimeSpan.Zero : value > Cap ? Cap : value;
}
