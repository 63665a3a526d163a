using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Security;

/// <summary>
/// Checks a presented key against the configured ones without revealing them through timing: keys are known only as
/// SHA-256 digests (so their lengths do not show); the presented key's digest is looked up by its first 16 bytes, and
/// the one candidate found is confirmed with <see cref="CryptographicOperations.FixedTimeEquals"/>. The lookup's time
/// depends only on the presented key's digest, which a caller cannot steer towards a configured one; and it stays the
/// same for 100,000 keys as for one (a scan of every key cost milliseconds a request there: see the soak run in
/// docs/benchmarks.md). The digests and their <see cref="Caller"/>s are computed once, at start-up; a check hashes the
/// presented key on the stack and allocates nothing. Only a short digest prefix (<see cref="Caller.KeyId"/>) leaves
/// this class.
/// </summary>
public sealed class KeyAuthenticator
{
    /// <summary>Keys up to this many UTF-8 bytes are hashed from the stack; longer ones from a pooled buffer.</summary>
    private const int StackBytes = 256;

    /// <summary>Each configured key by its digest's first 16 bytes; a key configured twice keeps its higher role.</summary>
    private readonly Dictionary<UInt128, (byte[] Digest, Caller Caller)> _keys = [];

    public KeyAuthenticator(IOptions<FlexiAIOptions> options)
    {
        var auth = options.Value.Auth;
        Open = auth.Open;
        HasClientKeys = auth.ClientKeys.Count > 0;
        HasAdminKeys = auth.AdminKeys.Count > 0;
        foreach (var (digest, caller) in auth.ClientKeys.Select(k => Entry(k, CallerRole.Client)).Concat(auth.AdminKeys.Select(k => Entry(k, CallerRole.Admin))))
        {
            var prefix = Prefix(digest);
            if (!_keys.TryGetValue(prefix, out var known) || caller.Role > known.Caller.Role)
            {
                _keys[prefix] = (digest, caller);
            }
        }
    }

    /// <summary>No key of any kind is configured: every route is open.</summary>
    public bool Open { get; }

    public bool HasClientKeys { get; }

    public bool HasAdminKeys { get; }

    public Caller Authenticate(ReadOnlySpan<char> presentedKey)
    {
        if (presentedKey.IsEmpty)
        {
            return Caller.Anonymous;
        }
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(presentedKey.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(presentedKey, utf8);
            SHA256.HashData(utf8[..length], digest);
            CryptographicOperations.ZeroMemory(utf8[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return _keys.TryGetValue(Prefix(digest), out var candidate) && CryptographicOperations.FixedTimeEquals(digest, candidate.Digest)
            ? candidate.Caller
            : Caller.Anonymous;
    }

    private static UInt128 Prefix(ReadOnlySpan<byte> digest) => System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);

    private static (byte[] Digest, Caller Caller) Entry(string key, CallerRole role)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return (digest, new Caller(role, Convert.ToHexStringLower(digest.AsSpan(0, 6))));
    }
}
