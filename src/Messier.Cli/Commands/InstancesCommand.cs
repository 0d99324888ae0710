using System.CommandLine;
using System.Text.Json.Nodes;
using Messier.Cli.Composition;
using Messier.Cli.Output;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;

namespace Messier.Cli.Commands;

/// <summary><c>messier instances list|show</c>: read the journal.</summary>
internal static class InstancesCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("instances", "List and inspect workflow instances in the journal.");
        command.Subcommands.Add(List(global));
        command.Subcommands.Add(Show(global));
        return command;
    }

    private static Option<string> OutputOption() => new Option<string>("--output", "-o")
    {
        Description = "text (for people) or json (for scripts).",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    private static Command List(GlobalOptions global)
    {
        var status = new Option<string[]>("--status", "-s")
        {
            Description = $"Only instances with this status ({string.Join(", ", InstanceStatusNames.All)}). Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        status.AcceptOnlyFromAmong([.. InstanceStatusNames.All]);
        var definition = new Option<string?>("--definition", "-d") { Description = "Only instances of this definition." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 1000 };
        var output = OutputOption();
        var command = new Command("list", "List instances, newest first. 'interrupted' means running in the journal with its owner gone: 'messier resume' continues it.")
        {
            status,
            definition,
            limit,
            output,
        };

        command.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var wanted = (parseResult.GetValue(status) ?? []).Select(s => InstanceStatusNames.TryParse(s, out var parsed) ? parsed : throw new UsageException($"unknown status '{s}'")).ToHashSet();

            // Interrupted is running-with-a-dead-owner: ask the store for running ones and judge each.
            var stored = wanted.Select(s => s == InstanceStatus.Interrupted ? InstanceStatus.Running : s).Distinct().ToList();
            var take = parseResult.GetValue(limit);
            var records = await app.Journal.ListInstancesAsync(new InstanceQuery(stored, parseResult.GetValue(definition), Take: take), cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var rows = records
                .Select(r => (Record: r, Status: r.EffectiveStatus(now, ProcessLiveness.Instance)))
                .Where(r => wanted.Count == 0 || wanted.Contains(r.Status))
                .ToList();

            if (parseResult.GetValue(output) == "json")
            {
                Console.Out.WriteLine(InstanceViews.Write(new JsonArray(rows.Select(r => (JsonNode)InstanceViews.Summary(r.Record, now, ProcessLiveness.Instance)).ToArray())));
                return ExitCodes.Success;
            }

            var table = new TextTable("ID", "DEFINITION", "STATUS", "CREATED", "UPDATED");
            foreach (var (record, effective) in rows)
            {
                table.Add(record.Id, record.DefinitionName, effective.ToName(), InstanceViews.Time(record.CreatedAt), InstanceViews.Time(record.UpdatedAt));
            }

            Console.Out.Write(rows.Count == 0 ? "No instances.\n" : table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The instance id (or a unique prefix of it)." };
        var output = OutputOption();
        var command = new Command("show", "Show one instance: status, inputs, outputs, the step journal, the commands it ran, bookmarks and incidents.")
        {
            id,
            output,
        };

        command.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var record = await InstanceLookup.FindAsync(app.Journal, parseResult.GetValue(id)!, cancellationToken);
            var journal = await app.Journal.GetJournalAsync(record.Id, cancellationToken);
            var commands = await app.Journal.GetCommandsAsync(record.Id, cancellationToken);
            var bookmarks = await app.Journal.GetBookmarksAsync(record.Id, cancellationToken);
            var incidents = await app.Journal.GetIncidentsAsync(record.Id, cancellationToken);
            var variables = ExecutionState.Deserialize(record.StateJson).Variables;
            var now = DateTimeOffset.UtcNow;
            var detail = InstanceViews.Detail(record, now, ProcessLiveness.Instance, journal, commands, bookmarks, incidents, variables);
            if (parseResult.GetValue(output) == "json")
            {
                Console.Out.WriteLine(InstanceViews.Write(detail));
                return ExitCodes.Success;
            }

            InstanceText.Write(Console.Out, detail);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
