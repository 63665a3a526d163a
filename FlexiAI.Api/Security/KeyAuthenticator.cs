using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Security;

/// <summary>
/// Checks a presented key against the configured ones in constant time: keys are compared as SHA-256 digests (so
/// their lengths do not show), with <see cref="CryptographicOperations.FixedTimeEquals"/>, against every configured
/// key without stopping at the first match. The configured keys' digests and their <see cref="Caller"/>s are computed
/// once, at start-up; a check hashes the presented key on the stack and allocates nothing. Only a short digest prefix
/// (<see cref="Caller.KeyId"/>) leaves this class.
/// </summary>
public sealed class KeyAuthenticator
{
    /// <summary>Keys up to this many UTF-8 bytes are hashed from the stack; longer ones from a pooled buffer.</summary>
    private const int StackBytes = 256;

    private readonly (byte[] Digest, Caller Caller)[] _keys;

    public KeyAuthenticator(IOptions<FlexiAIOptions> options)
    {
        var auth = options.Value.Auth;
        Open = auth.Open;
        HasClientKeys = auth.ClientKeys.Count > 0;
        HasAdminKeys = auth.AdminKeys.Count > 0;
        _keys = [.. auth.ClientKeys.Select(k => Entry(k, CallerRole.Client)), .. auth.AdminKeys.Select(k => Entry(k, CallerRole.Admin))];
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
        var caller = Caller.Anonymous;
        foreach (var (candidate, candidateCaller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, candidate) && candidateCaller.Role > caller.Role)
            {
                caller = candidateCaller;
            }
        }
        return caller;
    }

    private static (byte[] Digest, Caller Caller) Entry(string key, CallerRole role)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return (digest, new Caller(role, Convert.ToHexStringLower(digest.AsSpan(0, 6))));
    }
}
