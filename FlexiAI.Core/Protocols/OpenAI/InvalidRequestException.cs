
namespace FlexiAI.Protocols.OpenAI;

/// <summary>Thrown while translating a request that is wrong or cannot cross protocols; becomes a 400 naming <see cref="RequestError.Param"/>.</summary>
public sealed class InvalidRequestException(RequestError error) : Exception(error.Message)
{
    /// <summary>What was wrong, and the parameter it names.</summary>
    public RequestError Error { get; } = error;

    /// <summary>An error naming <paramref name="param"/>.</summary>
    public static InvalidRequestException For(string param, string message) => new(new RequestError(message, param));
}
