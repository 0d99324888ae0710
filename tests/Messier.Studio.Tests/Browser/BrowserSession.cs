using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Messier.Studio.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: ExecutablePath), headless and
/// without its sandbox (the tests run as root). Screenshots go to artifacts/screenshots beside
/// the test assembly; their paths are printed.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public static async Task<BrowserSession> StartAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: script/setup-test-env installs Debian's chromium package.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        return new BrowserSession(playwright, browser, page);
    }

    public async Task<string> ScreenshotAsync(string name, ITestOutputHelper output)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>One element only, for a part of a long page that a full-page shot shrinks out of sight.</summary>
    public static async Task<string> ScreenshotAsync(ILocator element, string name, ITestOutputHelper output)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
