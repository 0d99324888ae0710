using System.CommandLine;
using Messier.Cli.Boot;
using Messier.Cli.Composition;
using Messier.Commands;
using Messier.Workflows.Commands;

namespace Messier.Cli.Commands;

/// <summary><c>messier install-units</c>: writes the boot-time resume unit and the Docker and containerd hold drop-ins.</summary>
internal static class InstallUnitsCommand
{
    private static readonly string[][] EnableCommands = [["systemctl", "daemon-reload"], ["systemctl", "enable", SystemdUnits.ResumeUnit]];

    public static Command Create(GlobalOptions global)
    {
        var directory = new Option<string>("--directory") { Description = "Where the units go.", DefaultValueFactory = _ => "/etc/systemd/system" };
        var binary = new Option<string?>("--binary") { Description = "The messier the units run; default: this one." };
        var print = new Option<bool>("--print") { Description = "Print the units instead of writing them." };
        var enable = new Option<bool>("--enable") { Description = "Then run 'systemctl daemon-reload' and 'systemctl enable messier-resume.service'." };
        var command = new Command(
            "install-units",
            "Install the systemd units for resume at boot: messier-resume.service runs 'messier resume --all' after the pools are mounted, and drop-ins keep docker.service and containerd.service from starting while a flow holds them stopped.")
        { directory, binary, print, enable };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = global.Read(parseResult);
            var units = new SystemdUnits(Path.GetFullPath(parseResult.GetValue(binary) ?? Environment.ProcessPath ?? "messier"), Path.GetFullPath(settings.JournalPath));
            if (parseResult.GetValue(print))
            {
                foreach (var (path, text) in units.Files)
                {
                    Console.Out.WriteLine($"# {path}");
                    Console.Out.Write(text);
                }

                return ExitCodes.Success;
            }

            var root = parseResult.GetValue(directory)!;
            foreach (var (path, text) in units.Files)
            {
                var file = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, text, cancellationToken);
                Console.Out.WriteLine($"wrote {file}");
            }

            if (!parseResult.GetValue(enable))
            {
                Console.Out.WriteLine($"now: systemctl daemon-reload && systemctl enable {SystemdUnits.ResumeUnit}");
                return ExitCodes.Success;
            }

            // Its own runner, not the app's: installing units must not open (or create) the journal,
            // which on a fresh host may live on a pool that is not there yet.
            var runner = new CliWrapCommandRunner();
            foreach (var argv in EnableCommands)
            {
                var result = await runner.RunAsync(new CommandRequest(argv) { AcceptedExitCodes = [] }, cancellationToken);
                if (result.ExitCode != 0)
                {
                    Console.Error.WriteLine($"messier: {ArgvFormatter.Format(argv)} exited with {result.ExitCode}: {result.StandardError.Trim()}");
                    return ExitCodes.Faulted;
                }
            }

            Console.Out.WriteLine($"enabled {SystemdUnits.ResumeUnit}");
            return ExitCodes.Success;
        });
        return command;
    }
}
