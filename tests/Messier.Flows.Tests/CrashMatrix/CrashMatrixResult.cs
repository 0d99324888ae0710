namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>How many journal writes a scenario makes and at how many of them it was killed and resumed.</summary>
public sealed record CrashMatrixResult(string Scenario, int Writes, int Killed, int StepTypes)
{
    public override string ToString() => $"{Scenario}: killed after {Killed} of {Writes} journal writes (its flows use {StepTypes} step types), every one resumed to the uninterrupted end state";
}
