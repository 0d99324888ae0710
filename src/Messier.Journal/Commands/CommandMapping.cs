using Messier.Workflows.Journal;

namespace Messier.Journal.Commands;

internal static class CommandMapping
{
    public static CommandEntity ToEntity(this CommandRecord command, string instanceId) => new()
    {
        InstanceId = instanceId,
        ActivityId = command.ActivityId,
        ArgvJson = ArgvJson.Write(command.Argv),
        ExitCode = command.ExitCode,
        DurationMs = command.DurationMs,
        StartedAt = command.StartedAt,
        OutputTail = command.OutputTail,
    };

    public static CommandRecord ToRecord(this CommandEntity row) =>
        new(row.ActivityId, ArgvJson.Read(row.ArgvJson), row.ExitCode, row.DurationMs, row.StartedAt, row.OutputTail);
}
