namespace Messier.Workflows.Activities.Descriptors;

/// <summary>Where an activity type sits in the docs and the Studio palette.</summary>
public enum ActivityCategory
{
    ControlFlow,
    Primitives,
    Host,
}
