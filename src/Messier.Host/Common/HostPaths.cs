using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Common;

/// <summary>
/// Paths given as inputs. Requiring them absolute means no path can reach a command as an option
/// ("-f") and none depends on the runner's working directory, which a resumed run may not share.
/// </summary>
internal static class HostPaths
{
    /// <summary>Throws a non-retryable failure unless <paramref name="path"/> is absolute and printable.</summary>
    public static string RequireAbsolute(string path, string property)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            throw new StepFailedException($"{property} '{Printable.Show(path)}' must be an absolute path (starting with '/'). Nothing was run.") { Retryable = false };
        }

        if (path.Any(char.IsControl))
        {
            throw new StepFailedException($"{property} '{Printable.Show(path)}' contains control characters. Nothing was run.") { Retryable = false };
        }

        return path;
    }
}
