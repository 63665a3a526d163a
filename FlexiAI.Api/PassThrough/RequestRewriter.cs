using System.Text.Encodings.Web;
using System.Text.Json;
using FlexiAI.Api.OpenAI;

namespace FlexiAI.Api.PassThrough;

/// <summary>Swaps the caller's route name for the provider's model in the raw body; every other byte stays as sent.</summary>
internal static class RequestRewriter
{
    public static byte[] WithModel(ReadOnlySpan<byte> body, ChatRequestInfo info, string model) =>
        WithModel(body, info.ModelStart, info.ModelEnd, model);

    /// <summary>Replaces the JSON string token at <paramref name="modelStart"/>..<paramref name="modelEnd"/> (quotes included).</summary>
    public static byte[] WithModel(ReadOnlySpan<byte> body, int modelStart, int modelEnd, string model)
    {
        var encoded = JsonEncodedText.Encode(model, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var result = new byte[body.Length - (modelEnd - modelStart) + encoded.Length + 2];
        body[..modelStart].CopyTo(result);
        var position = modelStart;
        result[position++] = (byte)'"';
        encoded.CopyTo(result.AsSpan(position));
        position += encoded.Length;
        result[position++] = (byte)'"';
        body[modelEnd..].CopyTo(result.AsSpan(position));
        return result;
    }
}
