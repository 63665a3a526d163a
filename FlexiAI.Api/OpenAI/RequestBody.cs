using Microsoft.AspNetCore.Http.Features;

namespace FlexiAI.Api.OpenAI;

/// <summary>Reads a request body whole (bounded by Kestrel's request body size limit).</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var length = request.ContentLength;
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (length is { } known && (limit is null || known <= limit))
        {
            var buffer = new byte[known];
            await request.Body.ReadExactlyAsync(buffer, cancellationToken);
            return buffer;
        }
        using var stream = new MemoryStream();
        await request.Body.CopyToAsync(stream, cancellationToken);
        return stream.GetBuffer().AsMemory(0, (int)stream.Length);
    }
}
