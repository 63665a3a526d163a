using System.Security.Cryptography;
using System.Text;
using FlexiAI.Options;
using Microsoft.Extensions.Options;

namespace FlexiAI.Api.Security;

/// <summary>
/// Checks a presented key against the configured ones in constant time: keys are compared as SHA-256 digests (so
/// their lengths do not show), with <see cref="CryptographicOperations.FixedTimeEquals"/>, against every configured
/// key without stopping at the first match. Only a short digest prefix (<see cref="Caller.KeyId"/>) leaves this class.
/// </summary>
public sealed class KeyAuthenticator
{
    private readonly (byte[] Digest, CallerRole Role)[] _keys;

    public KeyAuthenticator(IOptions<FlexiAIOptions> options)
    {
        var auth = options.Value.Auth;
        Open = auth.Open;
        HasClientKeys = auth.ClientKeys.Count > 0;
        HasAdminKeys = auth.AdminKeys.Count > 0;
        _keys = [.. auth.ClientKeys.Select(k => (Digest(k), CallerRole.Client)), .. auth.AdminKeys.Select(k => (Digest(k), CallerRole.Admin))];
    }

    /// <summary>No key of any kind is configured: every route is open.</summary>
    public bool Open { get; }

    public bool HasClientKeys { get; }

    public bool HasAdminKeys { get; }

    public Caller Authenticate(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return Caller.Anonymous;
        }
        var digest = Digest(presentedKey);
        var role = CallerRole.Anonymous;
        foreach (var (candidate, candidateRole) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, candidate) && candidateRole > role)
            {
                role = candidateRole;
            }
        }
        return role == CallerRole.Anonymous ? Caller.Anonymous : new Caller(role, Convert.ToHexStringLower(digest.AsSpan(0, 6)));
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <param name="Role">What the key allows.</param>
/// <param name="KeyId">A short, non-reversible id of the key (a digest prefix) for rate limits and logs; null when anonymous.</param>
public sealed record Caller(CallerRole Role, string? KeyId)
{
    public static Caller Anonymous { get; } = new(CallerRole.Anonymous, null);
}
