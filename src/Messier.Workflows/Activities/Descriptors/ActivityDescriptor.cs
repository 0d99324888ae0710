namespace Messier.Workflows.Activities.Descriptors;

/// <summary>What an activity type is called, what it does, which properties it takes and which outcomes it ends with.</summary>
public sealed record ActivityDescriptor(
    string Type,
    ActivityCategory Category,
    string Description,
    IReadOnlyList<PropertyDescriptor> Properties,
    IReadOnlyList<string> Outcomes)
{
    /// <summary>The outcome an activity ends with when it has nothing more specific to say.</summary>
    public const string Done = "Done";

    /// <summary>Outcomes a Flowchart may connect that are only known at run time (e.g. Switch labels).</summary>
    public bool DynamicOutcomes { get; init; }

    public PropertyDescriptor? FindProperty(string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
