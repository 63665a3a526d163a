using FlexiAI.Api.Hosting;

namespace FlexiAI.Api.Security;

/// <summary>
/// The answer to each <see cref="KeyDenial"/>: 401 with <c>WWW-Authenticate: Bearer</c>, or 403; OpenAI-shaped, and
/// Anthropic-shaped on the Anthropic routes (<see cref="ErrorShape"/>).
/// </summary>
internal static class KeyDenialResponse
{
    public static Task WriteAsync(this KeyDenial denial, HttpContext context)
    {
        switch (denial)
        {
            case KeyDenial.Unauthorized:
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Write(context, StatusCodes.Status401Unauthorized, PresentedKey.Of(context.Request).IsEmpty
                    ? "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'."
                    : "Incorrect API key provided.", "invalid_api_key");
            case KeyDenial.NotAdmin:
                return Write(context, StatusCodes.Status403Forbidden, "This key may not perform admin actions; use an admin key.",
                    "insufficient_permissions");
            default:
                return Write(context, StatusCodes.Status403Forbidden,
                    "Admin actions are accepted from loopback only while no admin key is configured (FlexiAI:Auth:AdminKeys).",
                    "insufficient_permissions");
        }
    }

    private static Task Write(HttpContext context, int status, string message, string code) =>
        ErrorShape.WriteAsync(context, status, message, "invalid_request_error", code);
}
