using FlexiAI.Api.Apis;
using FlexiAI.Api.OpenAI;
using FlexiAI.Providers;

namespace FlexiAI.Api.Messages;

/// <summary>
/// A Messages request read, checked and resolved to its route; when any of it fails, the answer (415, 400 or 404 in
/// Anthropic's shape) has been written and <see cref="Info"/> or <see cref="Route"/> is null. Disposing returns the
/// body's buffer.
/// </summary>
internal readonly struct MessagesRequest : IDisposable
{
    private readonly RequestBody _body;

    private MessagesRequest(RequestBody body, MessagesRequestInfo? info, ProviderRoute? route)
    {
        _body = body;
        Info = info;
        Route = route;
    }

    public ReadOnlyMemory<byte> Body => _body.Memory;

    public MessagesRequestInfo? Info { get; }

    public ProviderRoute? Route { get; }

    public static async Task<MessagesRequest> ReadAsync(HttpContext context, GatewayServices services, bool countTokens)
    {
        if (!ChatCompletionsApi.IsJson(context.Request.ContentType))
        {
            await AnthropicErrorWriter.Result(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json.").ExecuteAsync(context);
            return default;
        }
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        var info = MessagesRequestInfo.TryParse(body.Memory, services.Limits, countTokens, out var error);
        if (info is null)
        {
            await AnthropicErrorWriter.BadRequest(error!).ExecuteAsync(context);
            return new MessagesRequest(body, null, null);
        }
        // The same resolution as /v1/chat/completions: a change to what `model` may name applies to both.
        var route = services.Catalog.Resolve(info.Model);
        if (route is null)
        {
            await AnthropicErrorWriter.ModelNotFound(info.Model, services.Catalog.ModelNames).ExecuteAsync(context);
        }
        return new MessagesRequest(body, info, route);
    }

    public void Dispose() => _body.Dispose();
}
