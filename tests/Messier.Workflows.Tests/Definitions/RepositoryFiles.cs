namespace Messier.Workflows.Tests.Definitions;

/// <summary>
/// Checked-in files that are generated from code (the schema, the activity reference): tests
/// compare them with what the code generates now, and rewrite them on request.
/// </summary>
internal static class RepositoryFiles
{
    /// <summary>Set to 1 to rewrite the generated files under docs/ instead of failing on a difference.</summary>
    public const string UpdateVariable = "MESSIER_UPDATE_DOCS";

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The repository root: the nearest folder above the test binaries that holds the solution.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>
    /// Fails when the checked-in file differs from <paramref name="expected"/>; with
    /// MESSIER_UPDATE_DOCS=1 it writes <paramref name="expected"/> instead.
    /// </summary>
    public static void AssertUpToDate(string relativePath, string expected)
    {
        var path = PathOf(relativePath);
        if (UpdateRequested)
        {
            File.WriteAllText(path, expected);
            return;
        }

        var actual = File.Exists(path) ? File.ReadAllText(path) : null;
        if (actual == expected)
        {
            return;
        }

        var where = actual is null ? "it does not exist" : DescribeFirstDifference(actual, expected);
        Assert.Fail(
            $"{relativePath} is out of date with the activity descriptors ({where}). "
            + $"Regenerate it with: {UpdateVariable}=1 dotnet test tests/Messier.Workflows.Tests, then review and commit the change.");
    }

    private static string DescribeFirstDifference(string actual, string expected)
    {
        var actualLines = actual.Split('\n');
        var expectedLines = expected.Split('\n');
        for (var i = 0; i < Math.Max(actualLines.Length, expectedLines.Length); i++)
        {
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            if (a != e)
            {
                return $"first difference at line {i + 1}: checked in '{a.Trim()}', generated '{e.Trim()}'";
            }
        }

        return "they differ in line endings or encoding";
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

        throw new InvalidOperationException($"No Messier.Workflows.sln above {AppContext.BaseDirectory}; the tests read docs/ from the repository.");
    }
}
