using System.CommandLine;
using Messier.Cli.Composition;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Messier.Cli.Commands;

/// <summary><c>messier run</c>: start a workflow by name or file.</summary>
internal static class RunCommand
{
    public static Command Create(GlobalOptions global)
    {
        var definition = new Argument<string>("name-or-file") { Description = "A definition name (found in the definition folders) or a path to a .json file." };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input as key=value; the value is converted by the input's declared type (arrays and objects as JSON). Repeatable; wins over --input-file.",
            HelpName = "KEY=VALUE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var inputFile = new Option<string?>("--input-file") { Description = "A JSON object of input names to values.", HelpName = "FILE" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Observe only: print what each step would apply. Changes nothing and writes no journal." };

        var command = new Command("run", "Start a workflow instance and run it until it finishes, faults or waits for an approval. Prints the instance id first, then progress.\nExit codes: 0 finished, 1 faulted, 2 bad usage or invalid definition, 3 suspended, 4 owned by another runner, 5 cancelled, 6 journal unavailable, 130 interrupted.")
        {
            definition,
            inputs,
            inputFile,
            dryRun,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = global.Read(parseResult);
            var nameOrFile = parseResult.GetValue(definition)!;
            var pairs = parseResult.GetValue(inputs) ?? [];
            var file = parseResult.GetValue(inputFile);
            if (parseResult.GetValue(dryRun))
            {
                return CliAction.WithoutJournalAsync(settings, app => DryRunAsync(app, nameOrFile, file, pairs, cancellationToken), cancellationToken);
            }

            return CliAction.WithAppAsync(settings, async app =>
            {
                var loaded = Load(app, nameOrFile);
                var values = InputParser.Parse(loaded, file, pairs);
                app.Services.GetRequiredService<Output.ConsoleProgress>().EchoNewInstanceId = true;
                var result = await app.Engine.StartAsync(loaded, values, cancellationToken);
                return CliAction.Conclude(result);
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> DryRunAsync(MessierApp app, string nameOrFile, string? file, IReadOnlyList<string> pairs, CancellationToken cancellationToken)
    {
        var loaded = Load(app, nameOrFile);
        var values = InputParser.Parse(loaded, file, pairs);
        var engine = new WorkflowEngine(
            new InMemoryWorkflowJournal(),
            app.Services.GetRequiredService<Messier.Workflows.Activities.ActivityRegistry>(),
            app.Services.GetRequiredService<Messier.Workflows.Commands.ICommandRunner>(),
            app.Services.GetRequiredService<IWorkflowObserver>(),
            definitions: app.Catalog);
        Console.Error.WriteLine("messier: dry run: observing only; nothing is applied and nothing is journaled.");
        var result = await engine.DryRunAsync(loaded, values, cancellationToken);
        return CliAction.ConcludeDryRun(result);
    }

    private static WorkflowDefinition Load(MessierApp app, string nameOrFile)
    {
        var result = app.Catalog.Resolve(nameOrFile);
        return result.Definition ?? throw new DefinitionException(result.Errors);
    }
}
