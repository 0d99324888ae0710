using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Messier.Journal;
using Messier.Studio;
using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;

namespace Messier.Benchmarks;

/// <summary>
/// The Studio over a journal of <see cref="Instances"/> seeded instances (each with its journal
/// rows, commands, and for some an incident or a bookmark; <see cref="JournalSeeder"/>): the first
/// page of the instance list and one instance's page, as API JSON and as HTML, each one HTTP
/// request over loopback to the real Kestrel server. The baseline is a static file (the embedded
/// stylesheet) served by the same server in the same run.
/// </summary>
[Config(typeof(StudioBenchmarkConfig))]
public class StudioBenchmarks
{
    public const int Instances = 10_000;

    private SqliteWorkflowJournal _journal = null!;
    private WebApplication _studio = null!;
    private HttpClient _http = null!;
    private string _instance = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Seeding takes a while (every commit is fsynced): one seeded journal is kept and reused.
        var folder = Path.Combine(Path.GetTempPath(), "messier-bench", "studio");
        var path = Path.Combine(folder, $"journal-{Instances}.db");
        if (!File.Exists(path + ".seeded"))
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.EnumerateFiles(folder, $"journal-{Instances}.db*"))
            {
                File.Delete(stale);
            }

            JournalSeeder.RunAsync(path, Instances, CancellationToken.None).GetAwaiter().GetResult();
            File.WriteAllText(path + ".seeded", "");
        }

        _journal = SqliteWorkflowJournal.OpenAsync(path, CancellationToken.None).GetAwaiter().GetResult();
        var registry = ActivityRegistry.CreateDefault();
        var services = new StudioServices(_journal, new DefinitionLoader(registry), new NoDefinitions(), observer => new WorkflowEngine(_journal, registry, new NoCommandRunner(), observer));
        _studio = StudioServer.Build(new StudioOptions { Urls = ["http://127.0.0.1:0"] }, services);
        _studio.StartAsync().GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = new Uri(StudioServer.ListeningAddresses(_studio)[0] + "/") };

        // A faulted instance: the page with the most in it (journal, commands, an incident), newest first.
        var list = JsonNode.Parse(_http.GetStringAsync("api/instances?status=faulted&take=1").GetAwaiter().GetResult())!;
        _instance = list["items"]![0]!["id"]!.GetValue<string>();
        var all = JsonNode.Parse(_http.GetStringAsync("api/instances").GetAwaiter().GetResult())!;
        if (all["counts"]!["all"]!.GetValue<int>() != Instances)
        {
            throw new InvalidOperationException($"The seeded journal holds {all["counts"]!["all"]} instances, not {Instances}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _studio.StopAsync().GetAwaiter().GetResult();
        ((IAsyncDisposable)_studio).DisposeAsync().AsTask().GetAwaiter().GetResult();
        _journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "static file (app.css)")]
    public Task<byte[]> StaticFile() => _http.GetByteArrayAsync("assets/app.css");

    [Benchmark(Description = "instance list, first page, API JSON")]
    public Task<byte[]> InstanceListJson() => _http.GetByteArrayAsync("api/instances");

    [Benchmark(Description = "instance list, first page, HTML")]
    public Task<byte[]> InstanceListPage() => _http.GetByteArrayAsync("instances");

    [Benchmark(Description = "instance list filtered by definition and status, API JSON")]
    public Task<byte[]> InstanceListFiltered() => _http.GetByteArrayAsync("api/instances?definition=docker-move&status=finished");

    [Benchmark(Description = "one instance, API JSON")]
    public Task<byte[]> InstanceJson() => _http.GetByteArrayAsync($"api/instances/{_instance}");

    [Benchmark(Description = "one instance, HTML")]
    public Task<byte[]> InstancePage() => _http.GetByteArrayAsync($"instances/{_instance}");

    private sealed class NoDefinitions : IStudioDefinitionSource
    {
        public IReadOnlyList<StudioDefinition> List() => [];
    }
}
