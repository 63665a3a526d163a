namespace FlexiAI.Tests.Web;

/// <summary>Hands out clients over one handler, with the base address the app would configure.</summary>
internal sealed class StubHttpClientFactory(HttpMessageHandler handler, Uri baseAddress) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { BaseAddress = baseAddress };
}
