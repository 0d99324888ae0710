using System.CommandLine;
using Messier.Cli.Composition;
using Messier.Host.Services;

namespace Messier.Cli.Commands;

/// <summary>
/// <c>messier hold check UNIT…</c> and <c>messier hold list</c>: whether an unfinished flow has
/// stopped services it has not started again. The boot-time drop-ins for docker.service and
/// containerd.service run the check before they start (ExecStartPre), so Docker stays down until
/// the resumed flow has finished moving its data and starts it itself.
/// </summary>
internal static class HoldCommand
{
    public static Command Create(GlobalOptions global)
    {
        var units = new Argument<string[]>("unit") { Description = "The units about to start, e.g. docker.service; none: any hold counts.", Arity = ArgumentArity.ZeroOrMore };
        var check = new Command("check", $"Exit {ExitCodes.Held} naming the instances that hold the given services stopped, 0 when none does.") { units };
        check.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var wanted = parseResult.GetValue(units) ?? [];
            var holds = (await ServiceHolds.FindAsync(app.Journal, cancellationToken))
                .Where(h => wanted.Length == 0 || wanted.Any(h.Covers))
                .ToList();
            foreach (var hold in holds)
            {
                Console.Error.WriteLine($"messier: held: {hold}; it finishes with 'messier resume {hold.InstanceId}' (or, if faulted, 'messier retry {hold.InstanceId}').");
            }

            return holds.Count == 0 ? ExitCodes.Success : ExitCodes.Held;
        }, cancellationToken));

        var list = new Command("list", "List the services unfinished instances hold stopped.");
        list.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var holds = await ServiceHolds.FindAsync(app.Journal, cancellationToken);
            Console.Out.WriteLine(holds.Count == 0 ? "no service is held" : string.Join(Environment.NewLine, holds));
            return ExitCodes.Success;
        }, cancellationToken));

        return new Command("hold", "Services that unfinished flows stopped and must start themselves (see 'messier install-units').") { check, list };
    }
}
