using System.Text.Json.Nodes;

namespace Messier.Testing;

/// <summary>
/// A test's own real dockerd (vfs storage, own socket, data root and exec root), controlled with
/// the sandbox-dockerd script that flows also use as their "service manager" in tests.
/// </summary>
public sealed class TestDocker : IDisposable
{
    public TestDocker(string stateDirectory, string dataRoot)
    {
        StateDirectory = stateDirectory;
        DataRoot = dataRoot;
    }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Support", "sandbox-dockerd");

    public string StateDirectory { get; }

    public string DataRoot { get; }

    public string Host => "unix://" + Path.Combine(StateDirectory, "docker.sock");

    /// <summary>The service commands a flow's StopServices/StartServices take to manage this daemon.</summary>
    public JsonObject ServiceCommands => new()
    {
        ["stop"] = new JsonArray(Script, "stop", StateDirectory),
        ["start"] = new JsonArray(Script, "start", StateDirectory, DataRoot),
        ["isActive"] = new JsonArray(Script, "is-active", StateDirectory),
    };

    public void Start() => Shell.Must(Script, "start", StateDirectory, DataRoot);

    public void Stop() => Shell.Must(Script, "stop", StateDirectory);

    public bool IsActive => Shell.Run(Script, "is-active", StateDirectory).ExitCode == 0;

    /// <summary>Runs the docker CLI against this daemon.</summary>
    public string Docker(params string[] args) => Shell.Must(["docker", "-H", Host, .. args]);

    public void Dispose()
    {
        Shell.Run(Script, "stop", StateDirectory);
    }
}
