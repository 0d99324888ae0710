using Messier.Studio.Tests.Support;
using Messier.Testing;

namespace Messier.Studio.Tests.Api;

/// <summary>The token, read-only and listening rules, against the real server.</summary>
public sealed class SecurityApiTests
{
    private const string Token = "s3cret-token-for-tests";

    [Fact]
    public async Task With_a_token_file_reads_and_actions_need_the_bearer_token()
    {
        await using var sandbox = new StudioSandbox();
        var id = await sandbox.RunAsync("approval-demo", 3);
        var tokenFile = sandbox.Sandbox.PathOf("token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var studio = await sandbox.StartStudioAsync(["--token-file", tokenFile]);

        var (none, noneBody, noneResponse) = await studio.PostAsync($"api/instances/{id}/approve");
        var (wrong, _, _) = await studio.PostAsync($"api/instances/{id}/approve", token: "guess");
        var (unauthorizedRead, unauthorizedBody, _) = await studio.GetJsonAsync($"api/instances/{id}");
        studio.ReadToken = Token;
        var (read, readBody, _) = await studio.GetJsonAsync($"api/instances/{id}");

        Assert.Equal(401, none);
        Assert.Equal("Bearer", noneResponse.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("requires its token", noneBody!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(401, wrong);
        Assert.Equal(401, unauthorizedRead);
        Assert.DoesNotContain(id, unauthorizedBody!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(200, read);
        Assert.Equal("suspended", readBody!["status"]!.GetValue<string>());

        var (right, _, _) = await studio.PostAsync($"api/instances/{id}/approve", token: Token);
        Assert.Equal(202, right);
        await studio.WaitForStatusAsync(id, "finished");
    }

    [Fact]
    public async Task The_token_can_come_from_MESSIER_STUDIO_TOKEN()
    {
        await using var sandbox = new StudioSandbox();
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync(environment: new Dictionary<string, string> { ["MESSIER_STUDIO_TOKEN"] = Token });

        var (none, _, _) = await studio.PostAsync($"api/instances/{id}/cancel");
        var (right, body, _) = await studio.PostAsync($"api/instances/{id}/cancel", token: Token);

        Assert.Equal(401, none);
        Assert.Equal(200, right);
        Assert.Equal("cancelled", body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_only_refuses_every_action_with_403_and_offers_none()
    {
        await using var sandbox = new StudioSandbox();
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync(["--read-only"]);

        foreach (var action in new[] { "approve", "cancel", "resume", "retry" })
        {
            var (status, body, _) = await studio.PostAsync($"api/instances/{id}/{action}");
            Assert.Equal(403, status);
            Assert.Contains("read-only", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var (_, detail, _) = await studio.GetJsonAsync($"api/instances/{id}");
        Assert.Equal("suspended", detail!["status"]!.GetValue<string>());
        Assert.Empty(detail["actions"]!.AsArray());
        var html = await studio.Http.GetStringAsync($"instances/{id}");
        Assert.Contains("\"readOnly\":true", html, StringComparison.Ordinal);
        Assert.Contains("class=\"badge read-only\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_posted_from_another_origin_is_refused()
    {
        await using var sandbox = new StudioSandbox();
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync();

        var (status, body, _) = await studio.PostAsync($"api/instances/{id}/cancel", origin: "http://evil.example");

        Assert.Equal(403, status);
        Assert.Contains("another origin", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, after, _) = await studio.GetJsonAsync($"api/instances/{id}");
        Assert.Equal("suspended", after!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_a_token_is_refused_at_start()
    {
        using var sandbox = new MessierSandbox();

        var result = await sandbox.RunAsync(["studio", "--urls", "http://0.0.0.0:0"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refusing to listen on http://0.0.0.0:0 without a token", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Studio listening", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_beyond_loopback_with_a_token_starts()
    {
        await using var sandbox = new StudioSandbox();
        var studio = await StudioProcess.StartAsync(sandbox.Sandbox, sandbox.Definitions, environment: new Dictionary<string, string> { ["MESSIER_STUDIO_TOKEN"] = Token }, urls: "http://0.0.0.0:0");
        await using var _ = studio;

        Assert.Equal("0.0.0.0", studio.BaseAddress.Host);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{studio.BaseAddress.Port}/") };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("api/instances")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("api/instances")).StatusCode);
    }

    [Fact]
    public async Task With_a_token_a_browser_logs_in_once_and_its_cookie_allows_reads_but_never_an_action()
    {
        await using var sandbox = new StudioSandbox();
        var id = await sandbox.RunAsync("approval-demo", 3);
        var studio = await sandbox.StartStudioAsync(environment: new Dictionary<string, string> { ["MESSIER_STUDIO_TOKEN"] = Token });
        var cookies = new System.Net.CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = studio.BaseAddress };

        // A page load without the cookie goes to the login page, which says nothing of instances.
        var page = await browser.GetAsync($"instances/{id}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"/login?next=%2Finstances%2F{id}", page.Headers.Location!.OriginalString);
        var login = await browser.GetStringAsync(page.Headers.Location.OriginalString);
        Assert.Contains("data-page=\"login\"", login, StringComparison.Ordinal);
        Assert.DoesNotContain(id, login.Replace($"%2Finstances%2F{id}", string.Empty, StringComparison.Ordinal).Replace($"/instances/{id}", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        // A wrong token: 401 and no cookie.
        var wrong = await browser.PostAsync("login", Form(("token", "guess"), ("next", $"/instances/{id}")));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("That is not this Studio", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(cookies.GetAllCookies());

        // The right one: back to the page asked for, with an HttpOnly, SameSite=Strict cookie that is not the token.
        var right = await browser.PostAsync("login", Form(("token", Token), ("next", $"/instances/{id}")));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal($"/instances/{id}", right.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, setCookie, StringComparison.Ordinal);

        var detail = await browser.GetAsync($"instances/{id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, detail.StatusCode);
        Assert.Contains($"\"id\":\"{id}\"", await detail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("api/instances")).StatusCode);

        // The cookie never stands in for the bearer token an action needs.
        var action = await browser.PostAsync($"api/instances/{id}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, action.StatusCode);
        Assert.Contains("for actions", await action.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        studio.ReadToken = Token;
        Assert.Equal("suspended", (await studio.GetJsonAsync($"api/instances/{id}")).Body!["status"]!.GetValue<string>());

        // After logging in, only a path on this Studio is followed.
        var away = await browser.PostAsync("login", Form(("token", Token), ("next", "//evil.example/")));
        Assert.Equal("/instances", away.Headers.Location!.OriginalString);

        // Logging out drops the cookie: the next page load goes to the login page again.
        var logout = await browser.PostAsync("logout", null);
        Assert.Equal("/login", logout.Headers.Location!.OriginalString);
        Assert.Empty(cookies.GetAllCookies());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await browser.GetAsync("instances")).StatusCode);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [Fact]
    public async Task Errors_are_problem_details_without_stack_traces_and_other_hosts_are_refused()
    {
        await using var sandbox = new StudioSandbox();
        var studio = await sandbox.StartStudioAsync();

        var (badBody, problem, _) = await studio.PostAsync("api/instances/abc/approve", body: "{not json");
        Assert.True(badBody is 400 or 404, $"status {badBody}");
        var text = problem!.ToJsonString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);

        // Bound to loopback only, a request naming another host came by DNS rebinding.
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/instances");
        request.Headers.Host = "evil.example";
        var rebound = await studio.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, rebound.StatusCode);
    }
}
