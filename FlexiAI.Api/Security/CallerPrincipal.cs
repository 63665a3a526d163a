using System.Security.Claims;

namespace FlexiAI.Api.Security;

/// <summary>
/// The principal of a configured key (a role claim and the key id as name), carrying the <see cref="Security.Caller"/>
/// it was built for: ASP.NET Core's authentication middleware puts it in <c>HttpContext.User</c>, where
/// <see cref="RequestCaller"/> finds the caller again without a request feature of its own.
/// </summary>
public sealed class CallerPrincipal(Caller caller, ClaimsIdentity identity) : ClaimsPrincipal(identity)
{
    public Caller Caller { get; } = caller;
}
