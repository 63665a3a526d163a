using Microsoft.Playwright;

namespace FlexiAI.Tests.Web;

/// <summary>Saves page screenshots under FlexiAI.Tests/TestResults/screenshots/ (git-ignored test artefacts).</summary>
internal static class Screenshots
{
    public static string Directory { get; } = Path.Combine(FindTestProjectDirectory(), "TestResults", "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        TestContext.Current.AddAttachment(name, await File.ReadAllBytesAsync(path), "image/png");
        return path;
    }

    private static string FindTestProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlexiAI.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
