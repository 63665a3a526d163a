using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlexiAI.Api.PassThrough;

/// <summary>Swaps the caller's route name for the provider's model in the raw body; every other byte stays as sent.</summary>
internal static class RequestRewriter
{
    /// <param name="modelStart">Where the <c>model</c> value token (quotes included) starts in <paramref name="body"/>.</param>
    /// <param name="modelEnd">Where it ends.</param>
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
