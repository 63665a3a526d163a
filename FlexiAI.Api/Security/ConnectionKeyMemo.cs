using Microsoft.AspNetCore.Connections.Features;

namespace FlexiAI.Api.Security;

/// <summary>
/// The bearer header an HTTP/1.x connection last presented, with the caller it proved, so that the connection's next
/// request with the same header skips hashing the key again (a SHA-256 through OpenSSL, about 1 % of a request's CPU in
/// the production row: docs/benchmarks.md). Kestrel hands a keep-alive connection's next request the same string
/// instance when the header's bytes did not change (it reuses header strings unless <c>DisableStringReuse</c> is set),
/// so the memo recognises it by reference: only the very instance the full check saw matches, only on its own
/// connection, and any other header, even one with the same text, is checked in full. Only <c>Authorization: Bearer</c>
/// is remembered (the key is then that header's alone); <c>x-api-key</c>, other schemes and HTTP/2 and HTTP/3 (whose
/// connections carry concurrent requests) are checked in full every time. Kept in the connection's items: one small
/// object per connection, nothing per request.
/// </summary>
internal sealed class ConnectionKeyMemo
{
    private (string Header, Caller Caller)? _last;

    /// <summary>The caller for <paramref name="header"/> when it is the instance last remembered.</summary>
    public bool TryRecall(string header, out Caller caller)
    {
        if (_last is { } last && ReferenceEquals(last.Header, header))
        {
            caller = last.Caller;
            return true;
        }
        caller = Caller.Anonymous;
        return false;
    }

    public void Remember(string header, Caller caller) => _last = (header, caller);

    /// <summary>The request's caller: from its connection's memo when the bearer header is the one last checked there, else checked in full (and remembered).</summary>
    public static Caller Authenticate(KeyAuthenticator authenticator, HttpContext context)
    {
        var request = context.Request;
        if (PresentedKey.BearerHeader(request) is not { } header
            || !(HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol))
            || context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items)
        {
            return authenticator.Authenticate(PresentedKey.Of(request));
        }
        var memo = items.TryGetValue(typeof(ConnectionKeyMemo), out var value) ? value as ConnectionKeyMemo : null;
        if (memo is null)
        {
            memo = new ConnectionKeyMemo();
            items[typeof(ConnectionKeyMemo)] = memo;
        }
        else if (memo.TryRecall(header, out var known))
        {
            return known;
        }
        var caller = authenticator.Authenticate(PresentedKey.OfBearer(header));
        memo.Remember(header, caller);
        return caller;
    }
}
