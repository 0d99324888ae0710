using System.Text.Json.Nodes;
using Messier.Testing;

namespace Messier.Studio.Tests.Support;

/// <summary>A sandbox journal with the test flows, instances made by the real <c>messier run</c>, and a Studio over it.</summary>
public sealed class StudioSandbox : IAsyncDisposable
{
    public StudioSandbox()
    {
        Definitions = TestFlows.WriteAll(Sandbox.PathOf("definitions"));
    }

    public MessierSandbox Sandbox { get; } = new();

    public string Definitions { get; }

    public StudioProcess? Studio { get; private set; }

    public async Task<StudioProcess> StartStudioAsync(IEnumerable<string>? extra = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Studio = await StudioProcess.StartAsync(Sandbox, Definitions, extra, environment);
        return Studio;
    }

    /// <summary><c>messier run NAME</c> to its first stop; returns the instance id (the first line it prints).</summary>
    public async Task<string> RunAsync(string name, int expectedExitCode, params string[] inputs)
    {
        var args = new List<string> { "run", name, "--definitions", Definitions };
        foreach (var input in inputs)
        {
            args.Add("--input");
            args.Add(input);
        }

        var result = await Sandbox.RunAsync(args);
        Assert.True(result.ExitCode == expectedExitCode, $"messier run {name} exited {result.ExitCode}, expected {expectedExitCode}:\n{result}");
        return result.StandardOutput.Split('\n')[0].Trim();
    }

    public async Task<JsonObject> ShowAsync(string id) => await Sandbox.ShowAsync(id);

    public async ValueTask DisposeAsync()
    {
        if (Studio is not null)
        {
            await Studio.DisposeAsync();
        }

        Sandbox.Dispose();
    }
}
