using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlexiAI.Protocols;

/// <summary>How both protocols' JSON is written.</summary>
public static class WireJson
{
    /// <summary>Text as written, not \u-escaped (the content type is JSON, never HTML), as OpenAI and Anthropic write it.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
