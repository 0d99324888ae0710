using System.Text.Json.Nodes;

namespace Messier.Testing;

/// <summary>A real restic repository in a temp folder, with its password in a file beside it.</summary>
public sealed class TestResticRepository
{
    public TestResticRepository(string folder, string password = "correct horse battery staple")
    {
        Location = Path.Combine(folder, "repo");
        PasswordFile = Path.Combine(folder, "password");
        Password = password;
        File.WriteAllText(PasswordFile, password + "\n");
        Restic("init");
    }

    public string Location { get; }

    public string PasswordFile { get; }

    public string Password { get; }

    /// <summary>Backs a directory up and returns the new snapshot's full id.</summary>
    public string Backup(string path)
    {
        Restic("backup", "--quiet", path);
        var snapshots = JsonNode.Parse(Restic("snapshots", "--json", "latest"))!.AsArray();
        return snapshots.Single()!["id"]!.GetValue<string>();
    }

    public string Restic(params string[] args) =>
        Shell.Must(["restic", "-r", Location, "--password-file", PasswordFile, .. args]);
}
