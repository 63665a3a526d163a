using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace FlexiAI.Api.OpenAI;

/// <summary>
/// A request body read whole (bounded by Kestrel's request body size limit) into a buffer rented from the shared pool;
/// <see cref="Dispose"/> returns it when the request has been answered. Attempts read it only when they start (the
/// model swap, a translation), never after the router has returned.
/// </summary>
internal readonly struct RequestBody : IDisposable
{
    private readonly byte[]? _rented;

    private RequestBody(byte[]? rented, ReadOnlyMemory<byte> memory)
    {
        _rented = rented;
        Memory = memory;
    }

    public ReadOnlyMemory<byte> Memory { get; }

    public static async ValueTask<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var length = request.ContentLength;
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (length is { } known && (limit is null || known <= limit))
        {
            var rented = ArrayPool<byte>.Shared.Rent((int)known);
            try
            {
                await request.Body.ReadExactlyAsync(rented.AsMemory(0, (int)known), cancellationToken);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(rented);
                throw;
            }
            return new RequestBody(rented, rented.AsMemory(0, (int)known));
        }
        // No Content-Length (chunked): read until the end, still bounded by the size limit.
        using var stream = new MemoryStream();
        await request.Body.CopyToAsync(stream, cancellationToken);
        return new RequestBody(null, stream.GetBuffer().AsMemory(0, (int)stream.Length));
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }
}
