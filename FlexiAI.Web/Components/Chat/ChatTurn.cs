using System.Text;
using FlexiAI.Web.Gateway;

namespace FlexiAI.Web.Components.Chat;

/// <summary>One message of the conversation on the chat page, with what the gateway said about it.</summary>
public sealed class ChatTurn(string role)
{
    public const string User = "user";
    public const string Assistant = "assistant";

    public string Role { get; } = role;

    public StringBuilder Text { get; } = new();

    /// <summary>The route asked for (<c>model</c>).</summary>
    public string? Model { get; init; }

    public ChatRouting? Routing { get; set; }

    public TimeSpan? TimeToFirstToken { get; set; }

    public TimeSpan? Total { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    public string? FinishReason { get; set; }

    public GatewayError? Error { get; set; }

    /// <summary>The answer was continued by another provider after its stream broke (the gateway's trailer).</summary>
    public ChatStreamEvent.Continued? Continuation { get; set; }

    public bool InProgress { get; set; }

    /// <summary>The user stopped the answer.</summary>
    public bool Stopped { get; set; }

    /// <summary>For tests and styles: <c>streaming</c>, <c>error</c>, <c>stopped</c> or <c>done</c>.</summary>
    public string Status => InProgress ? "streaming" : Error is not null ? "error" : Stopped ? "stopped" : "done";
}
