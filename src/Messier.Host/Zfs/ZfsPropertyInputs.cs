using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>
/// Property maps given as inputs ({"ashift": "13"}). Each pair becomes one argv word "name=value"
/// after -o or -O, so no value can become an option; the name still must not hold '=' (zfs splits
/// on the first) and neither may hold control characters.
/// </summary>
internal static class ZfsPropertyInputs
{
    public static IReadOnlyDictionary<string, string> Read(PropertyValues inputs, string property)
    {
        var map = inputs.GetStringMap(property);
        foreach (var (name, value) in map)
        {
            if (NameProblem(name) is { } problem)
            {
                throw new StepFailedException($"{property}: '{Printable.Show(name)}' is not a ZFS property name: {problem}. Nothing was run.") { Retryable = false };
            }

            if (value.Length == 0 || value.Any(char.IsControl))
            {
                throw new StepFailedException($"{property}.{name}: '{Printable.Show(value)}' is not a usable value (empty or with control characters). Nothing was run.") { Retryable = false };
            }
        }

        return map;
    }

    public static string? NameProblem(string name)
    {
        if (name.Length == 0 || name[0] == '-')
        {
            return "it is empty or starts with '-'";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@' or '+')
            ? null
            : "only letters, digits and '_', '-', '.', ':', '@', '+' are allowed";
    }

    /// <summary>The argv words "-o name=value" (or -O) for each pair, in input order.</summary>
    public static IEnumerable<string> Options(string flag, IReadOnlyDictionary<string, string> properties) =>
        properties.SelectMany(p => new[] { flag, $"{p.Key}={p.Value}" });
}
