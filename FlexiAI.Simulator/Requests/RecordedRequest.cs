namespace FlexiAI.Simulator.Requests;

/// <summary>
/// One request a provider got, as <c>GET /requests/{provider}</c> shows it: its headers (credentials as
/// <c>sha256:</c> and the first 16 hex digits of their SHA-256, never the secret itself) and its body as text.
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, with the query.</param>
/// <param name="Headers">Every header, by lower-case name (several values joined with <c>, </c>).</param>
/// <param name="Body">The body as UTF-8 text, cut at <see cref="RequestRecorder.MaxBodyBytes"/>.</param>
internal sealed record RecordedRequest(string Method, string Path, Dictionary<string, string> Headers, string Body);
