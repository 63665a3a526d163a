namespace FlexiAI.Api.Security;

/// <summary>Why a key rule refused a request, and the OpenAI-shaped answer each reason gets.</summary>
internal enum KeyDenial
{
    /// <summary>401: no valid key (or, on <c>GET /admin/key</c>, no valid admin key).</summary>
    Unauthorized,

    /// <summary>403: a valid key that may not perform admin actions.</summary>
    NotAdmin,

    /// <summary>403: an admin action from another machine while no admin key is configured.</summary>
    AdminFromLoopbackOnly,
}
