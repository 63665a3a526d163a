namespace FlexiAI.Api.OpenAI;

/// <summary>Writes a <see cref="CompletionPayload"/> as the response body, then releases its buffer.</summary>
internal sealed class CompletionResult(CompletionPayload payload) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var response = httpContext.Response;
            response.ContentType = payload.ContentType;
            response.ContentLength = payload.Body.Length;
            await response.Body.WriteAsync(payload.Body, httpContext.RequestAborted);
        }
        finally
        {
            payload.Dispose();
        }
    }
}
