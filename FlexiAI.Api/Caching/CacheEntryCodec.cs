using System.Text;

namespace FlexiAI.Api.Caching;

/// <summary>
/// A cache entry's bytes in Redis: <c>flexiai-cache-v1\n{provider}\n{content type}\n</c> then the answer as it was sent.
/// Provider names and content types hold no newline; an entry of another version or shape reads as a miss.
/// </summary>
internal static class CacheEntryCodec
{
    private static ReadOnlySpan<byte> Magic => "flexiai-cache-v1\n"u8;

    public static byte[] Encode(string provider, string contentType, ReadOnlySpan<byte> body)
    {
        var header = Encoding.UTF8.GetBytes($"{provider}\n{contentType}\n");
        var entry = new byte[Magic.Length + header.Length + body.Length];
        Magic.CopyTo(entry);
        header.CopyTo(entry.AsSpan(Magic.Length));
        body.CopyTo(entry.AsSpan(Magic.Length + header.Length));
        return entry;
    }

    public static CachedAnswer? Decode(byte[] entry, CacheEntryKind kind)
    {
        if (!entry.AsSpan().StartsWith(Magic))
        {
            return null;
        }
        var rest = entry.AsMemory(Magic.Length);
        var providerEnd = rest.Span.IndexOf((byte)'\n');
        if (providerEnd <= 0)
        {
            return null;
        }
        var typeEnd = rest.Span[(providerEnd + 1)..].IndexOf((byte)'\n');
        if (typeEnd <= 0)
        {
            return null;
        }
        var provider = Encoding.UTF8.GetString(rest.Span[..providerEnd]);
        var contentType = Encoding.UTF8.GetString(rest.Span.Slice(providerEnd + 1, typeEnd));
        return new CachedAnswer(provider, contentType, rest[(providerEnd + 1 + typeEnd + 1)..], kind);
    }
}
