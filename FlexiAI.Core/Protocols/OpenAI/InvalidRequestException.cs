
namespace FlexiAI.Protocols.OpenAI;

/// <summary>Thrown while translating a request that is wrong or cannot cross protocols; becomes a 400 naming <see cref="RequestError.Param"/>.</summary>
internal sealed class InvalidRequestException(RequestError error) : Exception(error.Message)
{
    public RequestError Error { get; } = error;

    public static InvalidRequestException For(string param, string message) => new(new RequestError(message, param));
}
