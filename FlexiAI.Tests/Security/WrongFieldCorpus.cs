namespace FlexiAI.Tests.Security;

/// <summary>
/// Requests that are well-formed JSON with a known route but a field of the wrong type, out of range, or a message of
/// the wrong shape: what reached a provider (and, translated, threw inside the attempt) before validation moved in
/// front of routing. Each is the body of a chat completion on the route <c>{route}</c>.
/// </summary>
public static class WrongFieldCorpus
{
    private const string Hi = """[{"role":"user","content":"hi"}]""";

    /// <summary>Name and body (with <c>{route}</c> for the model) of every case; at least 60.</summary>
    public static IReadOnlyList<(string Name, string Body)> All()
    {
        var cases = new List<(string, string)>();
        void Field(string field, string value) =>
            cases.Add(($"{field} = {value}", $$"""{"model":"{route}","messages":{{Hi}},"{{field}}":{{value}}}"""));
        void Messages(string name, string messages) =>
            cases.Add((name, $$"""{"model":"{route}","messages":{{messages}}}"""));

        foreach (var value in new[] { "\"x\"", "true", "[]", "{}", "-2.5", "3" })
        {
            Field("frequency_penalty", value);
        }
        foreach (var value in new[] { "\"x\"", "false", "9" })
        {
            Field("presence_penalty", value);
        }
        foreach (var value in new[] { "\"x\"", "1.5", "[]", "1e30" })
        {
            Field("seed", value);
        }
        foreach (var value in new[] { "5", "true", "{}", "[5]", "[\"a\",null]", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", "[[\"nested\"]]" })
        {
            Field("stop", value);
        }
        foreach (var value in new[] { "\"two\"", "0", "-1", "1.5", "129" })
        {
            Field("n", value);
        }
        foreach (var value in new[] { "\"yes\"", "1" })
        {
            Field("logprobs", value);
        }
        foreach (var value in new[] { "\"5\"", "21", "-1" })
        {
            Field("top_logprobs", value);
        }
        Field("parallel_tool_calls", "\"no\"");
        Field("user", "42");
        Field("user", "{}");
        Field("reasoning_effort", "3");
        Field("store", "\"yes\"");
        Field("logit_bias", "[1]");
        Field("metadata", "\"m\"");
        foreach (var value in new[] { "\"tools\"", "{}", "42", "[42]", "[\"f\"]", "[[]]" })
        {
            Field("tools", value);
        }
        foreach (var value in new[] { "42", "true", "[]" })
        {
            Field("tool_choice", value);
        }
        foreach (var value in new[] { "\"json\"", "42", "[]" })
        {
            Field("response_format", value);
        }

        // Messages of the wrong shape.
        Messages("tool_call_id a number", """[{"role":"tool","tool_call_id":42,"content":"r"}]""");
        Messages("tool_call_id an object", """[{"role":"tool","tool_call_id":{},"content":"r"}]""");
        Messages("name a number", """[{"role":"user","name":42,"content":"hi"}]""");
        Messages("tool_calls a string", """[{"role":"assistant","tool_calls":"call"}]""");
        Messages("tool_calls an object", """[{"role":"assistant","tool_calls":{}}]""");
        Messages("tool_calls a number", """[{"role":"assistant","tool_calls":7}]""");
        Messages("text part text an array", """[{"role":"user","content":[{"type":"text","text":["a"]}]}]""");
        Messages("part type unknown", """[{"role":"user","content":[{"type":"hologram"}]}]""");
        Messages("content a number in a system message", """[{"role":"system","content":1},{"role":"user","content":"hi"}]""");
        Messages("role unknown", """[{"role":"assistant_tool","content":"x"}]""");
        Field("top_logprobs", "1.5");
        return cases;
    }

    /// <summary>
    /// Requests the forward pass accepts but that cannot be translated (wrong inside tools, tool calls, images, JSON
    /// output): a 400 on a translation route; on a pass-through route they are the provider's to judge.
    /// </summary>
    public static IReadOnlyList<(string Name, string Body)> TranslationOnly()
    {
        var cases = new List<(string, string)>();
        void Body(string name, string rest) => cases.Add((name, "{\"model\":\"{route}\"," + rest + "}"));
        const string Tool = """{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}""";

        Body("tool without function", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function"}]""");
        Body("tool of another type", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"code_interpreter"}]""");
        Body("tool name a number", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":42}}]""");
        Body("tool name with spaces", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"get weather"}}]""");
        Body("tool parameters a string", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":"x"}}]""");
        Body("tool strict a string", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","strict":"yes"}}]""");
        Body("tool description a number", """ "messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","description":1}}]""");
        Body("tool_choice unknown word", $$""" "messages":[{"role":"user","content":"hi"}],"tools":[{{Tool}}],"tool_choice":"always" """);
        Body("tool_choice names a missing tool", $$$""" "messages":[{"role":"user","content":"hi"}],"tools":[{{{Tool}}}],"tool_choice":{"type":"function","function":{"name":"nope"}}""");
        Body("tool_choice required without tools", """ "messages":[{"role":"user","content":"hi"}],"tool_choice":"required" """);
        Body("tool_choice object without a name", $$""" "messages":[{"role":"user","content":"hi"}],"tools":[{{Tool}}],"tool_choice":{"type":"function"}""");
        Body("tool call arguments not JSON", """ "messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{not json"}}]}]""");
        Body("tool call arguments an array", """ "messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1]"}}]}]""");
        Body("tool call without id", """ "messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]""");
        Body("tool call arguments an object", """ "messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{}}}]}]""");
        Body("tool call a string", """ "messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":["c1"]}]""");
        Body("tool message without tool_call_id", """ "messages":[{"role":"user","content":"hi"},{"role":"tool","content":"r"}]""");
        Body("image_url without url", """ "messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]""");
        Body("image_url a string", """ "messages":[{"role":"user","content":[{"type":"image_url","image_url":"https://example.com/a.png"}]}]""");
        Body("image over ftp", """ "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://example.com/a.png"}}]}]""");
        Body("image data URL of a PDF", """ "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:application/pdf;base64,JVBERi0="}}]}]""");
        Body("image data URL not base64", """ "messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,@@@"}}]}]""");
        Body("audio part", """ "messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]""");
        Body("image in a system message", """ "messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},{"role":"user","content":"hi"}]""");
        Body("function role", """ "messages":[{"role":"function","name":"f","content":"r"}]""");
        Body("response_format unknown type", """ "messages":[{"role":"user","content":"hi"}],"response_format":{"type":"yaml"}""");
        Body("json_schema without json_schema", """ "messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema"}""");
        Body("json_schema without name", """ "messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}""");
        Body("json_schema schema a string", """ "messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":"object"}}""");
        Body("json output with tools", $$""" "messages":[{"role":"user","content":"hi"}],"tools":[{{Tool}}],"response_format":{"type":"json_object"}""");
        Body("n of 2", """ "messages":[{"role":"user","content":"hi"}],"n":2""");
        Body("logprobs", """ "messages":[{"role":"user","content":"hi"}],"logprobs":true""");
        Body("reasoning effort unknown", """ "messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme" """);
        Body("reasoning effort with temperature", """ "messages":[{"role":"user","content":"hi"}],"reasoning_effort":"low","temperature":0.2""");
        Body("reasoning effort above max_tokens", """ "messages":[{"role":"user","content":"hi"}],"reasoning_effort":"high","max_tokens":100""");
        Body("audio output", """ "messages":[{"role":"user","content":"hi"}],"modalities":["text","audio"]""");
        Body("functions (deprecated)", """ "messages":[{"role":"user","content":"hi"}],"functions":[{"name":"f"}]""");
        return cases;
    }
}
