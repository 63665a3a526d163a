using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FlexiAI.Breakers;
using StackExchange.Redis;

namespace FlexiAI.Redis;

/// <summary>Converts breaker state to and from the script results, the hash fields and the pub/sub messages.</summary>
internal static class RedisBreakerCodec
{
    /// <summary>The state a script returned, whether it changed anything, and whether it granted a probe.</summary>
    public static (BreakerState State, bool Changed, bool Granted) FromScript(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var state = FromFields(
            (string?)values[0], (string?)values[1], (string?)values[2], (string?)values[3],
            (string?)values[4], (string?)values[5], (string?)values[6]);
        return (state, (string?)values[7] == "1", (string?)values[8] == "1");
    }

    /// <summary>From the hash fields (HMGET s f e lf oa ra le); a missing key gives epoch 0.</summary>
    public static BreakerState FromFields(string? s, string? f, string? e, string? lf, string? oa, string? ra, string? le) =>
        new((CircuitState)ParseLong(s), (int)ParseLong(f), ParseLong(e), Time(lf), Time(oa), Time(ra), string.IsNullOrEmpty(le) ? null : le);

    public static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static string Ms(DateTimeOffset? time) => time is { } t ? Ms(t) : "";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The message announcing a change: <c>{"p":provider,"r":replica,"s","f","e","lf","oa","ra","le"}</c>.</summary>
    public static byte[] Message(string provider, string origin, BreakerState state)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("p", provider);
            writer.WriteString("r", origin);
            writer.WriteNumber("s", (int)state.State);
            writer.WriteNumber("f", state.ConsecutiveFailures);
            writer.WriteNumber("e", state.Epoch);
            WriteTime(writer, "lf", state.LastFailureTime);
            WriteTime(writer, "oa", state.OpenedAt);
            WriteTime(writer, "ra", state.RetryAt);
            writer.WriteString("le", state.LastError);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryReadMessage(ReadOnlySpan<byte> message, out string provider, out string origin, out BreakerState state)
    {
        provider = origin = "";
        state = BreakerState.Initial;
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            provider = root.GetProperty("p").GetString() ?? "";
            origin = root.GetProperty("r").GetString() ?? "";
            state = new BreakerState((CircuitState)root.GetProperty("s").GetInt32(), root.GetProperty("f").GetInt32(),
                root.GetProperty("e").GetInt64(), ReadTime(root, "lf"), ReadTime(root, "oa"), ReadTime(root, "ra"),
                root.GetProperty("le").GetString());
            return provider.Length > 0 && Enum.IsDefined(state.State);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            writer.WriteNumber(name, t.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static DateTimeOffset? ReadTime(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds(value.GetInt64())
            : null;

    private static long ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d
        : 0;

    private static DateTimeOffset? Time(string? ms) =>
        string.IsNullOrEmpty(ms) ? null : DateTimeOffset.FromUnixTimeMilliseconds(ParseLong(ms));
}
