using System.CommandLine;
using Messier.Cli;
using Messier.Cli.Commands;
using Messier.Cli.Composition;

var global = new GlobalOptions();
var root = new RootCommand("messier: durable storage workflows for Linux hosts. Each run is a workflow of journaled steps; an interrupted run resumes from its last completed step.");
foreach (var option in global.All)
{
    root.Options.Add(option);
}

root.Subcommands.Add(RunCommand.Create(global));
root.Subcommands.Add(ResumeCommand.Create(global));
root.Subcommands.Add(InstancesCommand.Create(global));
root.Subcommands.Add(InstanceActionCommands.Approve(global));
root.Subcommands.Add(InstanceActionCommands.Cancel(global));
root.Subcommands.Add(InstanceActionCommands.Retry(global));
root.Subcommands.Add(DefinitionsCommand.Create(global));
root.Subcommands.Add(HoldCommand.Create(global));
root.Subcommands.Add(InstallUnitsCommand.Create(global));
root.Subcommands.Add(StudioCommand.Create(global));

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine($"messier: {error.Message}");
    }

    Console.Error.WriteLine("messier: see 'messier --help'.");
    return ExitCodes.Usage;
}

return await parseResult.InvokeAsync();
