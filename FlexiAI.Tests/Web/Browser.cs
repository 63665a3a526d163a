using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace FlexiAI.Tests.Web;

/// <summary>
/// Headless Chromium from the machine (Debian's <c>chromium</c>), driven by Playwright. Playwright never downloads a
/// browser here: it is pointed at the installed one, and a machine without it skips the browser tests.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    /// <summary>Where Chromium is looked for; <c>FLEXIAI_CHROMIUM</c> overrides.</summary>
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("FLEXIAI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] s_flags =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
    }

    public IBrowserContext Context { get; }

    /// <summary>Console errors and uncaught exceptions of every page, as "page: text".</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Skips the calling test when Chromium is not installed, saying so.</summary>
    public static void SkipUnlessInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Skip($"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium, or set FLEXIAI_CHROMIUM); the browser test needs it.");
        }
    }

    public static async Task<Browser> LaunchAsync(Uri baseAddress)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = s_flags,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            return new Browser(playwright, browser, context);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page whose console errors are collected in <see cref="Errors"/>.</summary>
    public async Task<IPage> OpenAsync(string path, string name)
    {
        var page = await Context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Enqueue($"{name}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Enqueue($"{name}: uncaught {error}");
        await page.GotoAsync(path);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
