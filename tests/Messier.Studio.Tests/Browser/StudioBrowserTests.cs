using Messier.Studio.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Messier.Studio.Tests.Browser;

/// <summary>The pages in a real browser, over instances the real messier binary made.</summary>
public sealed class StudioBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly StudioSandbox sandbox = new();
    private BrowserSession browser = null!;

    public async Task InitializeAsync() => browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_waiting_instance_is_approved_from_its_page_and_finishes_without_a_reload()
    {
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync();
        var page = browser.Page;

        // The list shows it, with the counts per status.
        await page.GotoAsync(new Uri(studio.BaseAddress, "instances").ToString());
        var row = page.Locator($"tr[data-id='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("approval-demo");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("suspended");
        await Assertions.Expect(page.Locator("a.chip[data-status='suspended'] .count")).ToHaveTextAsync("1");
        await browser.ScreenshotAsync("instances", output);

        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/instances/{id}");

        // The graph is drawn and the approval is marked as what the instance waits on.
        await Assertions.Expect(page.Locator("#graph[data-ready='true']")).ToBeVisibleAsync();
        await Assertions.Expect(Activity(page, "approve-go")).ToHaveAttributeAsync("data-state", "waiting");
        await Assertions.Expect(Activity(page, "hello")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Activity(page, "after")).ToHaveAttributeAsync("data-state", "none");
        await Assertions.Expect(page.Locator("#waiting")).ToContainTextAsync("Go on with the second step?");
        await Assertions.Expect(page.Locator("#commands code.argv")).ToHaveTextAsync("echo hello world");
        await Assertions.Expect(page.Locator("#commands .exit-code")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#variables pre")).ToContainTextAsync("hello world");
        await Assertions.Expect(page.Locator("#status-badge")).ToHaveTextAsync("suspended");
        await browser.ScreenshotAsync("instance-waiting", output);

        // A mark on the window survives only if the page is never reloaded.
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await page.Locator("button[data-action='approve']").ClickAsync();

        await Assertions.Expect(Activity(page, "after")).ToHaveAttributeAsync("data-state", "running", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#status-badge")).ToHaveTextAsync("finished", new() { Timeout = 20_000 });
        await Assertions.Expect(Activity(page, "after")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Activity(page, "approve-go")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(page.Locator("#outputs pre")).ToContainTextAsync("\"greeting\": \"hello world\"");
        await Assertions.Expect(page.Locator("#journal")).ToContainTextAsync("instance-finished");
        await Assertions.Expect(page.Locator("button[data-action]")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        await browser.ScreenshotAsync("instance-finished", output);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_searches_by_definition_and_id()
    {
        var quick = await sandbox.RunAsync("quick", 0);
        var faulted = await sandbox.RunAsync("needs-file", 1, $"file={sandbox.Sandbox.PathOf("absent")}");
        var waiting = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync();
        var page = browser.Page;
        await page.GotoAsync(new Uri(studio.BaseAddress, "instances").ToString());
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("a.chip[data-status='all'] .count")).ToHaveTextAsync("3");

        await page.Locator("a.chip[data-status='faulted']").ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"tr[data-id='{faulted}']")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("instances-faulted", output);

        await page.Locator("a.chip[data-status='all']").ClickAsync();
        await page.Locator("input[name='definition']").FillAsync("quick");
        await page.Locator("form.search button").ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"tr[data-id='{quick}']")).ToBeVisibleAsync();

        await page.Locator("input[name='definition']").FillAsync(string.Empty);
        await page.Locator("input[name='id']").FillAsync(waiting[..6]);
        await page.Locator("form.search button").ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"tr[data-id='{waiting}']")).ToBeVisibleAsync();

        await page.Locator("input[name='id']").FillAsync("zzzzzz");
        await page.Locator("form.search button").ClickAsync();
        await Assertions.Expect(page.Locator("p.empty")).ToHaveTextAsync("No instances match.");
    }

    [Fact]
    public async Task The_list_follows_runs_made_elsewhere_without_a_reload_or_losing_what_is_typed()
    {
        var waiting = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync();
        var page = browser.Page;
        await page.GotoAsync(new Uri(studio.BaseAddress, "instances").ToString());
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"tr[data-id='{waiting}'] .status")).ToHaveTextAsync("suspended");

        // A page without a graph never starts the layout worker (nor fetches its 1.5 MB).
        Assert.Empty(page.Workers);
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await page.Locator("input[name='definition']").FillAsync("half-typed");

        // Another process approves the waiting instance and starts a new one.
        var approve = await sandbox.Sandbox.RunAsync(["approve", waiting]);
        Assert.True(approve.ExitCode == 0, approve.ToString());
        var quick = await sandbox.RunAsync("quick", 0);

        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator($"tr[data-id='{quick}'] .status")).ToHaveTextAsync("finished");
        await Assertions.Expect(page.Locator($"tr[data-id='{waiting}'] .status")).ToHaveTextAsync("finished");
        await Assertions.Expect(page.Locator("a.chip[data-status='finished'] .count")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("a.chip[data-status='suspended'] .count")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("input[name='definition']")).ToHaveValueAsync("half-typed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        await Assertions.Expect(page.Locator("body[data-live='connected']")).ToBeAttachedAsync();
    }

    [Fact]
    public async Task A_faulted_instance_shows_its_incident_and_failed_command()
    {
        var id = await sandbox.RunAsync("needs-file", 1, $"file={sandbox.Sandbox.PathOf("absent")}");
        var studio = await sandbox.StartStudioAsync();
        var page = browser.Page;

        await page.GotoAsync(new Uri(studio.BaseAddress, $"instances/{id}").ToString());

        await Assertions.Expect(page.Locator("#graph[data-ready='true']")).ToBeVisibleAsync();
        await Assertions.Expect(Activity(page, "check")).ToHaveAttributeAsync("data-state", "faulted");
        await Assertions.Expect(page.Locator("#incidents .incident")).ToContainTextAsync("check");
        await Assertions.Expect(page.Locator("#commands .exit-code")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("button[data-action='retry']")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("instance-faulted", output);
    }

    [Fact]
    public async Task Definitions_are_each_drawn_as_a_graph_with_their_json()
    {
        var studio = await sandbox.StartStudioAsync();
        var page = browser.Page;

        await page.GotoAsync(new Uri(studio.BaseAddress, "definitions").ToString());

        await Assertions.Expect(page.Locator("body[data-graphs='ready']")).ToBeAttachedAsync(new() { Timeout = 30_000 });

        // The layouts ran in elkjs's web worker, off the page's main thread.
        Assert.Contains(page.Workers, w => w.Url.Contains("/assets/elk-worker.js?v=", StringComparison.Ordinal));
        var setupHost = page.Locator("#definition-setup-host");
        Assert.True(await setupHost.Locator("g.activity").CountAsync() > 10);
        await Assertions.Expect(page.Locator("#definition-approval-demo g.activity[data-activity-id='approve-go']")).ToBeVisibleAsync();
        await page.Locator("#definition-approval-demo details summary").ClickAsync();
        await Assertions.Expect(page.Locator("#definition-approval-demo pre.definition-json")).ToContainTextAsync("\"name\": \"approval-demo\"");
        await browser.ScreenshotAsync("definitions", output);
        await BrowserSession.ScreenshotAsync(page.Locator("#definition-orig-restore"), "definition-orig-restore", output);
    }

    [Fact]
    public async Task Read_only_pages_show_no_action_buttons()
    {
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync(["--read-only"]);
        var page = browser.Page;

        await page.GotoAsync(new Uri(studio.BaseAddress, $"instances/{id}").ToString());

        await Assertions.Expect(Activity(page, "approve-go")).ToHaveAttributeAsync("data-state", "waiting");
        await Assertions.Expect(page.Locator("header .read-only")).ToHaveTextAsync("read-only");
        await Assertions.Expect(page.Locator("button[data-action]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task With_a_token_the_browser_logs_in_once_and_an_action_needs_the_token_itself()
    {
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync(environment: new Dictionary<string, string> { ["MESSIER_STUDIO_TOKEN"] = "browser-token" });
        var page = browser.Page;
        await page.GotoAsync(new Uri(studio.BaseAddress, $"instances/{id}").ToString());

        // Sent to the login page; a wrong token is refused there.
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "login");
        await page.Locator("#login-token").FillAsync("guess");
        await page.Locator("form.login button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("not this Studio's token");
        await browser.ScreenshotAsync("login-refused", output);

        // The right token lands on the page first asked for, and the tab keeps it for the actions.
        await page.Locator("#login-token").FillAsync("browser-token");
        await page.Locator("form.login button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status-badge")).ToHaveTextAsync("suspended");
        await Assertions.Expect(page.Locator("#token")).ToHaveValueAsync("browser-token");

        // The login cookie alone does not allow an action.
        await page.Locator("#token").FillAsync(string.Empty);
        await page.Locator("button[data-action='approve']").ClickAsync();
        await Assertions.Expect(page.Locator("#action-message")).ToContainTextAsync("approve refused (401)");
        await Assertions.Expect(page.Locator("#status-badge")).ToHaveTextAsync("suspended");

        await Assertions.Expect(page.Locator("#action-message")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\berror\\b"));
        await page.Locator("#token").FillAsync("browser-token");
        await page.Locator("button[data-action='approve']").ClickAsync();
        await Assertions.Expect(page.Locator("#status-badge")).ToHaveTextAsync("finished", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#action-message")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\berror\\b"));
        await browser.ScreenshotAsync("instance-approved-with-token", output);

        // Logging out drops the cookie and the tab's token: the instance is behind the login again.
        await page.Locator("form.logout button").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "login");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('messier-studio-token')"));
        await page.GotoAsync(new Uri(studio.BaseAddress, $"instances/{id}").ToString());
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "login");
    }

    private static ILocator Activity(IPage page, string id) => page.Locator($"#graph g.activity[data-activity-id='{id}']");
}
