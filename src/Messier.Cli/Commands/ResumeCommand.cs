using System.CommandLine;
using Messier.Cli.Composition;
using Messier.Workflows.Runtime;

namespace Messier.Cli.Commands;

/// <summary><c>messier resume</c>: continue interrupted instances from their last committed step.</summary>
internal static class ResumeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string?>("id") { Description = "The instance id (or a unique prefix of it).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Resume every interrupted instance (running in the journal, owner gone), oldest first. For the boot-time resume." };
        var command = new Command("resume", "Continue an interrupted instance from its last committed step. A step that was in flight is observed before it is applied again. Refuses (exit 4) while another live runner owns the instance.")
        {
            id,
            all,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = global.Read(parseResult);
            var instanceId = parseResult.GetValue(id);
            var everything = parseResult.GetValue(all);
            if (everything == (instanceId is not null))
            {
                Console.Error.WriteLine("messier: give either an instance id or --all.");
                return Task.FromResult(ExitCodes.Usage);
            }

            return CliAction.WithAppAsync(settings, async app =>
            {
                if (instanceId is not null)
                {
                    return CliAction.Conclude(await app.Engine.ResumeAsync(instanceId, cancellationToken));
                }

                var results = await app.Engine.ResumeAllAsync(cancellationToken);
                if (results.Count == 0)
                {
                    Console.Out.WriteLine("No interrupted instances.");
                    return ExitCodes.Success;
                }

                var codes = results.Select(CliAction.Conclude).ToList();
                return WorstOf(codes);
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>One exit code for many runs: any fault wins, then a refusal, then a suspension.</summary>
    private static int WorstOf(IReadOnlyList<int> codes)
    {
        foreach (var code in new[] { ExitCodes.Faulted, ExitCodes.Busy, ExitCodes.Interrupted, ExitCodes.Cancelled, ExitCodes.Suspended })
        {
            if (codes.Contains(code))
            {
                return code;
            }
        }

        return ExitCodes.Success;
    }
}
