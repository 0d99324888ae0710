namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// A step that can show in a dry run what applying it would do, in more depth than its observe's
/// one line: a Call walks its child workflow as a dry run of its own, so the plan of a flow
/// includes the plans of the flows it calls. It must change nothing.
/// </summary>
public interface IDryRunStep : IStepActivity
{
    /// <summary>Called in a dry run instead of ApplyAsync when the observe found work to do; its outputs stand in for the real ones.</summary>
    Task<StepResult> DryRunAsync(StepContext context, CancellationToken cancellationToken);
}
