using System.Reflection;

namespace Messier.Testing;

/// <summary>Where the repository and the built messier binary are.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string Workflows => Path.Combine(Root, "workflows");

    /// <summary>The apphost built by the Messier.Cli project in the same configuration as the tests.</summary>
    public static string MessierBinary
    {
        get
        {
            var configuration = typeof(RepositoryPaths).Assembly.GetCustomAttribute<BuildConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(Root, "src", "Messier.Cli", "bin", configuration, "net10.0", "messier");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The messier binary is not built at {path}; build the solution first.");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Messier.Workflows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Cannot find the repository root (Messier.Workflows.sln) above " + AppContext.BaseDirectory);
    }
}
