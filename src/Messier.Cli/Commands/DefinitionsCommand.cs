using System.CommandLine;
using System.Text.Json.Nodes;
using Messier.Cli.Composition;
using Messier.Cli.Output;
using Messier.Workflows.Journal;

namespace Messier.Cli.Commands;

/// <summary><c>messier definitions list|validate</c>: what can be run, and whether a file is a valid definition.</summary>
internal static class DefinitionsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("definitions", "List the definitions messier can run by name, and validate definition files.");
        command.Subcommands.Add(List(global));
        command.Subcommands.Add(Validate(global));
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
        var command = new Command("list", "List the definitions found in the definition folders (--definitions, /etc/messier/workflows, the shipped workflows/).") { output };
        command.SetAction((parseResult, cancellationToken) => CliAction.WithoutJournalAsync(global.Read(parseResult), app =>
        {
            var entries = app.Catalog.List();
            if (parseResult.GetValue(output) == "json")
            {
                Console.Out.WriteLine(InstanceViews.Write(new JsonArray(entries.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Name,
                    ["path"] = e.Path,
                    ["valid"] = e.Load.IsValid,
                    ["shadowed"] = e.Shadowed,
                    ["definitionName"] = e.Load.Definition?.Name,
                    ["description"] = e.Load.Definition?.Description,
                    ["errors"] = new JsonArray(e.Load.Errors.Select(x => (JsonNode)x.ToString()).ToArray()),
                }).ToArray())));
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new TextTable("NAME", "STATE", "PATH", "DESCRIPTION");
            foreach (var entry in entries)
            {
                var state = entry.Shadowed ? "shadowed"
                    : !entry.Load.IsValid ? $"invalid ({entry.Load.Errors.Count} errors)"
                    : entry.Load.Definition!.Name != entry.Name ? $"valid, but named '{entry.Load.Definition.Name}': rename the file or the name"
                    : "valid";
                table.Add(entry.Name, state, entry.Path, entry.Load.Definition?.Description ?? string.Empty);
            }

            Console.Out.Write(entries.Count == 0 ? $"No definitions in {string.Join(", ", app.Catalog.SearchDirectories)}.\n" : table.ToString());
            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    private static Command Validate(GlobalOptions global)
    {
        var files = new Argument<string[]>("file") { Description = "Definition files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check definition files without running them. Errors name the file, line, column and JSON path. Exit code 2 when any file is invalid.") { files };
        command.SetAction((parseResult, cancellationToken) => CliAction.WithoutJournalAsync(global.Read(parseResult), app =>
        {
            var invalid = 0;
            foreach (var file in parseResult.GetValue(files)!)
            {
                var result = app.Loader.LoadFile(file);
                if (result.Definition is { } definition)
                {
                    Console.Out.WriteLine($"{file}: valid ({definition.Name}, {definition.AllNodes.Count()} activities)");
                    if (Path.GetFileNameWithoutExtension(file) != definition.Name)
                    {
                        // Runs by name find NAME.json, while instances record the name key: keep them equal.
                        Console.Error.WriteLine($"{file}: warning: the definition is named '{definition.Name}' but the file is not {definition.Name}.json; 'messier run {definition.Name}' will not find it");
                    }

                    continue;
                }

                invalid++;
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }
            }

            return Task.FromResult(invalid == 0 ? ExitCodes.Success : ExitCodes.Usage);
        }, cancellationToken));
        return command;
    }
}
