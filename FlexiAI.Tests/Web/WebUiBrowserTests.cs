using System.Diagnostics;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FlexiAI.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlexiAI.Tests.Web;

/// <summary>
/// The web UI in headless Chromium against the whole running app (<see cref="AppHostFixture"/>): what an on-call
/// engineer does in an outage rehearsal, with screenshots saved as test artefacts.
/// </summary>
[Collection(WholeAppCollection.Name)]
public sealed partial class WebUiBrowserTests(AppHostFixture fixture)
{
    private const string Primary = "sim-openai";
    private const string Secondary = "sim-anthropic";

    // The AppHost's failure threshold is the default, 5; a few more chats leave room for one that lands on a replica
    // whose mirror is a moment behind.
    private const int MaxChatsToOpen = 10;

    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(3);

    // The board must follow a change "within a second": replicas publish at once on a change, the board polls every
    // 500 ms. The bound leaves the rest of the second to the browser round trips on a loaded 2-core CI machine.
    private static readonly TimeSpan s_boardUpdateBound = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Failing_the_primary_from_the_fault_controls_opens_it_on_every_replica_and_chats_fail_over()
    {
        Browser.SkipUnlessInstalled();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_testTimeout);
        await using var browser = await LaunchOnHealthyAppAsync(timeout.Token);
        try
        {
            // The board: every replica reports the primary CLOSED.
            var board = await browser.OpenAsync("/", "board");
            var primaryCells = board.Locator($"article.provider[data-provider='{Primary}'] li.cell");
            await Expect(primaryCells).ToHaveCountAsync(AppHostFixture.GatewayReplicas);
            await Expect(primaryCells.And(board.Locator("[data-state='CLOSED']"))).ToHaveCountAsync(AppHostFixture.GatewayReplicas);
            await Screenshots.SaveAsync(board, "board-healthy-1280");

            // Fail the primary through the fault controls.
            var primaryFault = board.Locator($".fault[data-provider='{Primary}']");
            await primaryFault.GetByRole(AriaRole.Button, new() { Name = "Error 500" }).ClickAsync();
            await Expect(primaryFault.GetByRole(AriaRole.Button, new() { Name = "Error 500" })).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(primaryFault.Locator(".fault-now")).ToContainTextAsync("error 500");

            // Chat until every replica has opened the primary's breaker; each answer comes from the secondary.
            var chat = await browser.OpenAsync("/chat", "chat");
            await Expect(chat.GetByLabel("Route")).ToHaveValueAsync("default");
            var openCells = board.Locator($"article.provider[data-provider='{Primary}'] li.cell[data-state='OPEN']");
            var sent = 0;
            while (sent < MaxChatsToOpen && await openCells.CountAsync() < AppHostFixture.GatewayReplicas)
            {
                var answer = await SendChatAsync(chat, $"Are you there? ({++sent})", sent);
                await Expect(answer).ToHaveAttributeAsync("data-provider", Secondary);
            }

            await Expect(openCells).ToHaveCountAsync(AppHostFixture.GatewayReplicas);
            await Expect(board.Locator($"article.provider[data-provider='{Primary}'] .provider-summary")).ToContainTextAsync("OPEN");
            await Expect(board.Locator($".lane[data-provider='{Primary}'] .lane-band", new() { HasText = "OPEN" })).ToHaveCountAsync(1);
            TestContext.Current.TestOutputHelper?.WriteLine($"Every replica OPEN after {sent} chats.");

            // With the breaker open, the primary is skipped without a call: one attempt, answered by the secondary.
            var skipped = await SendChatAsync(chat, "And now?", ++sent);
            await Expect(skipped).ToHaveAttributeAsync("data-provider", Secondary);
            await Expect(skipped.Locator(".turn-meta")).ToContainTextAsync("Attempts1");
            await Expect(skipped.Locator(".turn-text")).ToContainTextAsync($"Hello from {Secondary}");

            await Screenshots.SaveAsync(board, "board-primary-open-1280");
            await Screenshots.SaveAsync(chat, "chat-failover-1280");
            await AssertNoHorizontalScrollAsync(board, "board at 1280 px");
            await AssertNoHorizontalScrollAsync(chat, "chat at 1280 px");

            await board.SetViewportSizeAsync(390, 844);
            await chat.SetViewportSizeAsync(390, 844);
            await AssertNoHorizontalScrollAsync(board, "board at 390 px");
            await AssertNoHorizontalScrollAsync(chat, "chat at 390 px");
            await Screenshots.SaveAsync(board, "board-primary-open-390");
            await Screenshots.SaveAsync(chat, "chat-failover-390");
            await board.SetViewportSizeAsync(1280, 900);

            // Recover from the keyboard: all faults off, then reset the primary on every replica.
            await board.GetByRole(AriaRole.Button, new() { Name = "All healthy" }).FocusAsync();
            await board.Keyboard.PressAsync("Enter");
            await Expect(primaryFault.Locator(".fault-now")).ToContainTextAsync("healthy");
            await board.GetByRole(AriaRole.Button, new() { Name = $"Reset {Primary} on every replica" }).FocusAsync();
            var resetAt = Stopwatch.StartNew();
            await board.Keyboard.PressAsync("Enter");
            await Expect(primaryCells.And(board.Locator("[data-state='CLOSED']"))).ToHaveCountAsync(AppHostFixture.GatewayReplicas);
            var boardUpdate = resetAt.Elapsed;
            TestContext.Current.TestOutputHelper?.WriteLine($"Board showed every replica CLOSED {boardUpdate.TotalMilliseconds:0} ms after the reset key press.");
            Assert.True(boardUpdate < s_boardUpdateBound, $"The board took {boardUpdate.TotalMilliseconds:0} ms to show the reset (bound {s_boardUpdateBound.TotalMilliseconds:0} ms).");
            await Expect(board.Locator(".action-status")).ToContainTextAsync($"{Primary}: reset on every replica");

            var recovered = await SendChatAsync(chat, "Back to normal?", ++sent);
            await Expect(recovered).ToHaveAttributeAsync("data-provider", Primary);
            await Screenshots.SaveAsync(board, "board-after-reset-1280");

            Assert.True(browser.Errors.IsEmpty, "Browser console errors:\n" + string.Join("\n", browser.Errors));
        }
        finally
        {
            await fixture.ClearFaultsAsync(CancellationToken.None);
            await ResetPrimaryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_stream_dropped_mid_answer_is_continued_by_the_next_provider_and_the_chat_page_marks_the_seam()
    {
        // Issue 17 as a new user sees it: the AppHost continues broken streams on the default route (run mode).
        Browser.SkipUnlessInstalled();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_testTimeout);
        await using var browser = await LaunchOnHealthyAppAsync(timeout.Token);
        try
        {
            var board = await browser.OpenAsync("/", "board");
            var primaryFault = board.Locator($".fault[data-provider='{Primary}']");
            await primaryFault.GetByRole(AriaRole.Button, new() { Name = "Drop mid-stream" }).ClickAsync();
            await Expect(primaryFault.GetByRole(AriaRole.Button, new() { Name = "Drop mid-stream" })).ToHaveAttributeAsync("aria-pressed", "true");

            var chat = await browser.OpenAsync("/chat", "chat");
            var answer = await SendChatAsync(chat, "Tell me a story", 1);
            // One answer, begun by the primary, its break marked where the secondary took over.
            await Expect(answer.Locator(".seam")).ToHaveAttributeAsync("aria-label", $"continued by {Secondary}");
            // The primary broke after its first words; the secondary's continuation completes the same sentence.
            await Expect(answer.Locator(".turn-text")).ToHaveTextAsync(new Regex("^Hello ⤳.*You said: Tell me a story"));
            Assert.Empty(await answer.Locator(".turn-error").AllAsync());
            await Screenshots.SaveAsync(chat, "chat-continued-1280");
            Assert.True(browser.Errors.IsEmpty, "Browser console errors:\n" + string.Join("\n", browser.Errors));
        }
        finally
        {
            await fixture.ClearFaultsAsync(CancellationToken.None);
            await ResetPrimaryAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits for the web UI, starts from a healthy primary whatever ran before in this app, opens the browser.</summary>
    private async Task<Browser> LaunchOnHealthyAppAsync(CancellationToken cancellationToken)
    {
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("web", cancellationToken);
        SetDefaultExpectTimeout(20_000);
        await fixture.ClearFaultsAsync(cancellationToken);
        await ResetPrimaryAsync(cancellationToken);
        return await Browser.LaunchAsync(fixture.App.GetEndpoint("web", "http"));
    }

    /// <summary>
    /// Types a message, sends it with Enter, and waits for the whole answer. First waits until the page has its routes
    /// (its initialisation is over): once, in CI, a message typed and sent before that stayed in the box, no turn shown.
    /// </summary>
    private static async Task<ILocator> SendChatAsync(IPage chat, string message, int number)
    {
        await Expect(chat.GetByLabel("Route")).ToHaveValueAsync("default");
        var prompt = chat.GetByLabel("Message", new() { Exact = true });
        await prompt.FillAsync(message);
        await prompt.PressAsync("Enter");
        var answer = chat.Locator("article.turn-assistant").Nth(number - 1);
        await Expect(answer).ToHaveAttributeAsync("data-status", DoneOrError());
        await Expect(answer).ToHaveAttributeAsync("data-status", "done");
        return answer;
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The {what} scrolls sideways: content {widths[0]} px wide in {widths[1]} px.");
    }

    private async Task ResetPrimaryAsync(CancellationToken cancellationToken)
    {
        using var gateway = fixture.App.CreateHttpClient("gateway");
        using var response = await gateway.PostAsync($"/providers/{Primary}/reset", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    [GeneratedRegex("^(done|error|stopped)$")]
    private static partial Regex DoneOrError();
}
