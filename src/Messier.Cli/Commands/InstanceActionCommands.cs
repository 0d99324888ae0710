using System.CommandLine;
using System.Text.Json.Nodes;
using Messier.Cli.Composition;
using Messier.Workflows.Runtime;

namespace Messier.Cli.Commands;

/// <summary><c>messier approve</c>, <c>cancel</c> and <c>retry</c>: an operator acting on one instance.</summary>
internal static class InstanceActionCommands
{
    public static Command Approve(GlobalOptions global)
    {
        var id = IdArgument();
        var bookmark = new Option<string?>("--bookmark") { Description = "Which approval, when the instance waits on several (bookmark id or activity id)." };
        var command = new Command("approve", "Approve what a suspended instance waits for, and run it on.") { id, bookmark };
        command.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var payload = new JsonObject { ["by"] = Environment.UserName, ["at"] = DateTimeOffset.UtcNow.ToString("O") };
            return CliAction.Conclude(await app.Engine.ApproveAsync(parseResult.GetValue(id)!, parseResult.GetValue(bookmark), payload, cancellationToken));
        }, cancellationToken));
        return command;
    }

    public static Command Cancel(GlobalOptions global)
    {
        var id = IdArgument();
        var command = new Command("cancel", "Cancel an instance. One that another live runner is running is asked to stop at its next heartbeat.") { id };
        command.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var result = await app.Engine.CancelAsync(parseResult.GetValue(id)!, cancellationToken);
            Console.Out.WriteLine(result.Refused ? $"{result.InstanceId}: {result.Message}" : $"{result.InstanceId}: cancelled");
            return result.Refused ? ExitCodes.Success : CliAction.ExitCodeFor(result) == ExitCodes.Cancelled ? ExitCodes.Success : CliAction.ExitCodeFor(result);
        }, cancellationToken));
        return command;
    }

    public static Command Retry(GlobalOptions global)
    {
        var id = IdArgument();
        var command = new Command("retry", "Run a faulted instance again from the step that faulted (with fresh attempts).") { id };
        command.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
            CliAction.Conclude(await app.Engine.RetryAsync(parseResult.GetValue(id)!, cancellationToken)), cancellationToken));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The instance id (or a unique prefix of it)." };
}
