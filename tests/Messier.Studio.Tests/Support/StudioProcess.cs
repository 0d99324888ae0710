using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Messier.Testing;

namespace Messier.Studio.Tests.Support;

/// <summary>
/// A real <c>messier studio</c> child process on a loopback port Kestrel picked (--urls
/// http://127.0.0.1:0), over a sandbox journal; the tests talk to it over HTTP like a browser or
/// a script would.
/// </summary>
public sealed class StudioProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private StudioProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Output => string.Join('\n', output);

    /// <summary>For a Studio with a token: sent as the bearer token by <see cref="GetJsonAsync"/> (and so by <see cref="WaitForStatusAsync"/>).</summary>
    public string? ReadToken { get; set; }

    public static async Task<StudioProcess> StartAsync(MessierSandbox sandbox, string definitions, IEnumerable<string>? extra = null, IReadOnlyDictionary<string, string>? environment = null, string urls = "http://127.0.0.1:0")
    {
        var process = sandbox.Start(["studio", "--urls", urls, "--definitions", definitions, .. extra ?? []], environment);
        var lines = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("messier studio ended before it listened:\n" + string.Join('\n', lines)));
                return;
            }

            lines.Enqueue(e.Data);
            const string Prefix = "Studio listening on ";
            if (e.Data.StartsWith(Prefix, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data[Prefix.Length..].Trim() + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var studio = new StudioProcess(process, address);
        foreach (var line in lines)
        {
            studio.output.Enqueue(line);
        }

        return studio;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ReadToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadToken);
        }

        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response), response);
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string? token = null, string? origin = null, string? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response), response);
    }

    /// <summary>Polls the instance through the API until its status is <paramref name="status"/>.</summary>
    public async Task<JsonObject> WaitForStatusAsync(string id, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (code, body, _) = await GetJsonAsync($"api/instances/{id}");
            last = body;
            if (code == 200 && body?["status"]?.GetValue<string>() == status)
            {
                return body.AsObject();
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Instance {id} did not become {status}; last seen: {last?["status"]}\n{Output}");
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            // SIGTERM first, as an operator's Ctrl+C would stop it; a stuck one is killed.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}
