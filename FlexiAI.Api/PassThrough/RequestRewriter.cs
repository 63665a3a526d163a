using System.Text.Encodings.Web;
using System.Text.Json;
using FlexiAI.Api.OpenAI;
using FlexiAI.Protocols.OpenAI;

namespace FlexiAI.Api.PassThrough;

/// <summary>Swaps the caller's route name for the provider's model in the raw body; every other byte stays as sent.</summary>
internal static class RequestRewriter
{
    public static byte[] WithModel(ReadOnlySpan<byte> body, ChatRequestInfo info, string model)
    {
        var encoded = JsonEncodedText.Encode(model, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var result = new byte[body.Length - (info.ModelEnd - info.ModelStart) + encoded.Length + 2];
        body[..info.ModelStart].CopyTo(result);
        var position = info.ModelStart;
        result[position++] = (byte)'"';
        encoded.CopyTo(result.AsSpan(position));
        position += encoded.Length;
        result[position++] = (byte)'"';
        body[info.ModelEnd..].CopyTo(result.AsSpan(position));
        return result;
    }
}
