using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// The inputs VerifyTree and CompareTrees share and how they are read, so that the step that
/// fails on a difference and the step that only reports it compare exactly the same way.
/// </summary>
internal static class TreeComparisonInputs
{
    /// <summary>The properties, with the roles of the two directories in the step's own words.</summary>
    public static IReadOnlyList<PropertyDescriptor> Properties(string source, string target) =>
    [
        PropertyDescriptor.Value("source", DataType.String, source) with { Required = true },
        PropertyDescriptor.Value("target", DataType.String, target) with { Required = true },
        PropertyDescriptor.Value("ignoreXattrsAndAcls", DataType.Boolean, "Leave ACLs and xattrs out of the comparison, for a copy made with acceptLoss onto a filesystem that cannot hold them.") with { Default = false },
    ];

    public static string Source(StepContext context) => DataPaths.Absolute(context, "source");

    public static string Target(StepContext context) => DataPaths.Absolute(context, "target");

    /// <summary>Compares the step's target with its source, reporting progress on the console.</summary>
    public static Task<TreeComparisonResult> CompareAsync(StepContext context, string source, string target, CancellationToken cancellationToken)
    {
        var ignore = context.Inputs.GetBoolean("ignoreXattrsAndAcls", false);
        context.Report($"comparing {target} with {source}{(ignore ? " (ACLs and xattrs ignored)" : string.Empty)}");
        return TreeComparison.CompareAsync(context, source, target, xattrsAndAcls: !ignore, cancellationToken);
    }
}
