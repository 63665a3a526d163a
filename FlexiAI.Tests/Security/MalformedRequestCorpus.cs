using System.Text;

namespace FlexiAI.Tests.Security;

/// <summary>One bad request: what it is, and how to send it.</summary>
/// <param name="RejectedByServer">
/// Refused by Kestrel's HTTP parser before any application code runs (a NUL in the path): a 400 without a body, which
/// no middleware can shape.
/// </param>
public sealed record MalformedRequest(string Name, string Method, string Path, string? ContentType, byte[] Body, bool RejectedByServer = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// Requests a gateway in production will receive from broken clients, fuzzers and attackers: broken JSON, wrong types,
/// bodies too large or too deep, wrong content types, invalid UTF-8, NUL characters, odd provider names.
/// </summary>
public static class MalformedRequestCorpus
{
    private const string Valid = """{"model":"default","messages":[{"role":"user","content":"Hello there, gateway"}],"temperature":0.5,"max_tokens":20}""";

    public static IReadOnlyList<MalformedRequest> All()
    {
        var cases = new List<MalformedRequest>();
        void Chat(string name, string body, string contentType = "application/json") =>
            cases.Add(new(name, "POST", "v1/chat/completions", contentType, Encoding.UTF8.GetBytes(body)));
        void ChatBytes(string name, byte[] body) => cases.Add(new(name, "POST", "v1/chat/completions", "application/json", body));

        // Broken JSON: every prefix cut at 25 points of a valid body.
        for (var i = 1; i <= 25; i++)
        {
            var cut = Valid.Length * i / 26;
            Chat($"truncated at {cut} of {Valid.Length}", Valid[..cut]);
        }
        foreach (var broken in new[] { "{", "}", "{{}}", "{\"model\":}", "{\"model\" \"default\"}", "{'model':'default'}", "{\"model\":\"default\",}",
            "{\"model\":\"default\" \"messages\":[]}", "not json at all", "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"unterminated}]}",
            "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} trailing", "{\"a\":1}/*comment*/", "[1,2,3", "\uFEFF{" })
        {
            Chat($"broken json: {Shorten(broken)}", broken);
        }

        // Not an object, or empty.
        foreach (var body in new[] { "", "null", "[]", "\"a string\"", "123", "true", "{}" })
        {
            Chat($"body {Shorten(body)}", body);
        }

        // Wrong types and values, one field at a time.
        var messages = "[{\"role\":\"user\",\"content\":\"hi\"}]";
        foreach (var model in new[] { "123", "null", "[]", "{}", "true", "\"\"", "\"" + new string('m', 300) + "\"" })
        {
            Chat($"model = {Shorten(model)}", $"{{\"model\":{model},\"messages\":{messages}}}");
        }
        Chat("model missing", $"{{\"messages\":{messages}}}");
        foreach (var value in new[] { "\"hi\"", "{}", "42", "null", "[]", "[\"hi\"]", "[42]", "[null]", "[[]]" })
        {
            Chat($"messages = {value}", $"{{\"model\":\"default\",\"messages\":{value}}}");
        }
        Chat("messages missing", "{\"model\":\"default\"}");
        foreach (var role in new[] { "42", "null", "\"\"", "\"robot\"", "\"USER\"", "[\"user\"]" })
        {
            Chat($"role = {role}", $"{{\"model\":\"default\",\"messages\":[{{\"role\":{role},\"content\":\"hi\"}}]}}");
        }
        Chat("role missing", "{\"model\":\"default\",\"messages\":[{\"content\":\"hi\"}]}");
        foreach (var content in new[] { "42", "true", "{}", "[42]", "[\"text\"]", "[{}]", "[{\"type\":42}]", "[{\"type\":\"video\"}]",
            "[{\"type\":\"text\"}]", "[{\"type\":\"text\",\"text\":42}]", "[{\"text\":\"no type\"}]" })
        {
            Chat($"content = {content}", $"{{\"model\":\"default\",\"messages\":[{{\"role\":\"user\",\"content\":{content}}}]}}");
        }
        foreach (var (field, value) in new[]
        {
            ("temperature", "-0.1"), ("temperature", "2.01"), ("temperature", "\"hot\""), ("temperature", "true"), ("temperature", "[]"),
            ("top_p", "-1"), ("top_p", "1.5"), ("top_p", "\"all\""),
            ("max_tokens", "0"), ("max_tokens", "-5"), ("max_tokens", "1.5"), ("max_tokens", "\"10\""), ("max_tokens", "1e12"),
            ("max_completion_tokens", "0"), ("max_completion_tokens", "{}"),
            ("stream", "\"yes\""), ("stream", "1"), ("stream_options", "\"on\""), ("stream_options", "{\"include_usage\":\"yes\"}"),
        })
        {
            Chat($"{field} = {value}", $"{{\"model\":\"default\",\"messages\":{messages},\"{field}\":{value}}}");
        }

        // NUL characters, escaped and raw; invalid UTF-8.
        Chat("content with an escaped NUL", "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\u0000b\"}]}");
        Chat("text part with an escaped NUL", "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\\u0000\"}]}]}");
        ChatBytes("raw NUL byte inside a string", [.. Encoding.UTF8.GetBytes("{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"a"), 0, .. Encoding.UTF8.GetBytes("\"}]}")]);
        ChatBytes("raw NUL bytes only", new byte[64]);
        ChatBytes("invalid UTF-8 in a string", [.. Encoding.UTF8.GetBytes("{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}]}")]);
        ChatBytes("invalid UTF-8 lone continuation", [.. Encoding.UTF8.GetBytes("{\"model\":\""), 0x80, 0x80, .. Encoding.UTF8.GetBytes("\"}")]);
        ChatBytes("UTF-16 body", Encoding.Unicode.GetBytes(Valid));

        // Too large, too deep, too many.
        Chat("body over 4 MiB", "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 5 * 1024 * 1024) + "\"}]}");
        Chat("arrays nested 1000 deep", "{\"model\":\"default\",\"messages\":" + new string('[', 1000) + new string(']', 1000) + "}");
        Chat("objects nested 500 deep in an unknown field",
            "{\"model\":\"default\",\"messages\":" + messages + ",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500) + "}");
        Chat("content over the length limit", "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('b', 1_000_001) + "\"}]}");
        Chat("more messages than the limit",
            "{\"model\":\"default\",\"messages\":[" + string.Join(",", Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", 2049)) + "]}");

        // Wrong content types.
        foreach (var contentType in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png" })
        {
            Chat($"content type {contentType}", Valid, contentType);
        }
        cases.Add(new("no content type", "POST", "v1/chat/completions", null, Encoding.UTF8.GetBytes(Valid)));

        // Unknown route and wrong methods.
        Chat("unknown model", "{\"model\":\"gpt-99-ultra\",\"messages\":" + messages + "}");
        cases.Add(new("GET on chat completions", "GET", "v1/chat/completions", null, []));
        cases.Add(new("DELETE on models", "DELETE", "v1/models", null, []));
        cases.Add(new("PUT on providers", "PUT", "providers", "application/json", Encoding.UTF8.GetBytes("{}")));
        cases.Add(new("unknown path", "POST", "v1/completions", "application/json", Encoding.UTF8.GetBytes(Valid)));

        // Odd provider names on admin routes.
        foreach (var name in new[] { "%00", "a%00b" })
        {
            cases.Add(new($"reset provider {name}", "POST", $"providers/{name}/reset", null, [], RejectedByServer: true));
        }
        foreach (var name in new[] { "..%2F..%2Fetc%2Fpasswd", "name%20with%20spaces", new string('p', 5000), "%E2%98%83", "sim-openai%0D%0AX-Injected:1", "%FF%FE", "'%20OR%201=1" })
        {
            cases.Add(new($"reset provider {Shorten(name)}", "POST", $"providers/{name}/reset", null, []));
            cases.Add(new($"open provider {Shorten(name)}", "POST", $"providers/{name}/open", null, []));
        }

        // The simple chat form.
        foreach (var body in new[] { "{}", "{\"message\":\"\"}", "{\"message\":42}", "{\"message\":\"hi\",\"temperature\":5}", "{\"message\":\"hi\",\"max_tokens\":0}",
            "{\"message\":\"hi\",\"model\":\"nope\"}", "{\"message\":\"a\\u0000b\"}", "{\"message\":", "[]", "null" })
        {
            cases.Add(new($"/chat {Shorten(body)}", "POST", "chat", "application/json", Encoding.UTF8.GetBytes(body)));
        }
        cases.Add(new("/chat as text/plain", "POST", "chat", "text/plain", Encoding.UTF8.GetBytes("{\"message\":\"hi\"}")));
        return cases;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
