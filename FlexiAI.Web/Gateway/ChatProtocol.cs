namespace FlexiAI.Web.Gateway;

/// <summary>The API the chat page talks to the gateway with.</summary>
public enum ChatProtocol
{
    /// <summary><c>POST /v1/chat/completions</c> (OpenAI Chat Completions).</summary>
    OpenAI,

    /// <summary><c>POST /v1/messages</c> (Anthropic Messages).</summary>
    Anthropic,
}
