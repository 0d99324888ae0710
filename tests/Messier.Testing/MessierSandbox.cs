using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Messier.Testing;

/// <summary>
/// A temporary folder with its own journal, and a way to run the real messier binary against it as
/// a child process (so a SIGKILL is a real crash, not a simulated one).
/// </summary>
public sealed class MessierSandbox : IDisposable
{
    public MessierSandbox()
    {
        Root = Directory.CreateTempSubdirectory("messier-test-").FullName;
        JournalPath = Path.Combine(Root, "journal.db");
    }

    public string Root { get; }

    /// <summary>The journal every run is given (--journal); a test may point it elsewhere, e.g. onto a read-only mount.</summary>
    public string JournalPath { get; set; } = string.Empty;

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Runs messier to its end and returns what it printed.</summary>
    public async Task<ProcessResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"messier {string.Join(' ', args)} did not end in time.\n{await stdout}\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts messier and leaves it running; the caller reads, waits or kills.</summary>
    public Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(RepositoryPaths.MessierBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--journal");
        info.ArgumentList.Add(JournalPath);
        info.Environment["MESSIER_LOG_DIR"] = Path.Combine(Root, "logs");
        info.Environment.Remove("MESSIER_JOURNAL");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("messier did not start");
    }

    /// <summary><c>messier instances show ID --output json</c>, parsed.</summary>
    public async Task<JsonObject> ShowAsync(string instanceId)
    {
        var result = await RunAsync(["instances", "show", instanceId, "--output", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    /// <summary><c>messier instances list --output json</c>, parsed.</summary>
    public async Task<JsonArray> ListAsync(params string[] extra)
    {
        var result = await RunAsync(["instances", "list", "--output", "json", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!.AsArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child still writing its log; the temp folder is cleaned by the OS eventually.
        }
    }
}
