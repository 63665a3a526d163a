using Bunit;
using FlexiAI.Web.Components.Chat;
using FlexiAI.Web.Gateway;

namespace FlexiAI.Tests.Web;

/// <summary>One answer on the chat page: a continued answer shows where and by whom it was continued.</summary>
public sealed class ChatTurnViewTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_continued_answer_is_whole_with_a_marker_at_the_seam_and_says_who_continued_it()
    {
        var turn = new ChatTurn(ChatTurn.Assistant)
        {
            Routing = new ChatRouting("sim-a", 1, "gateway-a"),
            Continuation = new ChatStreamEvent.Continued(["sim-a"], "sim-b", 11),
        };
        turn.Text.Append("Hello from sim-a. You said: hi.");

        var view = _context.Render<ChatTurnView>(p => p.Add(v => v.Turn, turn));

        var text = view.Find(".turn-text");
        var seam = text.QuerySelector(".seam")!;
        Assert.Equal("continued by sim-b", seam.GetAttribute("aria-label"));
        Assert.Equal("Hello from sim-a. You said: hi.", text.TextContent.Replace(seam.TextContent, "", StringComparison.Ordinal));
        Assert.StartsWith("Hello from ", text.TextContent, StringComparison.Ordinal);
        Assert.Contains("by sim-b after sim-a broke", view.Find(".is-continued dd").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_was_not_continued_has_no_marker()
    {
        var turn = new ChatTurn(ChatTurn.Assistant) { Routing = new ChatRouting("sim-a", 1, null) };
        turn.Text.Append("Hello.");

        var view = _context.Render<ChatTurnView>(p => p.Add(v => v.Turn, turn));

        Assert.Empty(view.FindAll(".seam"));
        Assert.Empty(view.FindAll(".is-continued"));
    }
}
