namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>How many journal writes and commands a scenario makes, and at how many of them it was killed and resumed.</summary>
public sealed record CrashMatrixResult(string Scenario, int Writes, int KilledAfterWrites, int Commands, int KilledDuringCommands, int StepTypes)
{
    public int Killed => KilledAfterWrites + KilledDuringCommands;

    public override string ToString() =>
        $"{Scenario}: killed after {KilledAfterWrites} of {Writes} journal writes and during {KilledDuringCommands} of {Commands} commands (its flows use {StepTypes} step types), every one resumed to the uninterrupted end state";
}
