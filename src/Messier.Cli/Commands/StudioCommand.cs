using System.CommandLine;
using Messier.Cli.Composition;
using Messier.Cli.Definitions;
using Messier.Studio;
using Messier.Workflows.Activities;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;
using Messier.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Messier.Cli.Commands;

/// <summary><c>messier studio</c>: the web Studio and its JSON API over this journal, until Ctrl+C.</summary>
internal static class StudioCommand
{
    public const string TokenVariable = "MESSIER_STUDIO_TOKEN";

    public static Command Create(GlobalOptions global)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated. Default {StudioOptions.DefaultUrl}. Any address but loopback needs a token.",
            DefaultValueFactory = _ => StudioOptions.DefaultUrl,
            HelpName = "URLS",
        };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = $"A file holding the token: every action must carry it (Authorization: Bearer TOKEN), and every read it or the cookie /login gives for it. Default: ${TokenVariable}.",
            HelpName = "FILE",
        };
        var readOnly = new Option<bool>("--read-only") { Description = "Show instances and definitions only: no action buttons, and the API refuses actions (403)." };
        var command = new Command("studio", "Serve the Studio (web pages and a JSON API under /api) to inspect instances and resume, retry, approve or cancel them.")
        {
            urls,
            tokenFile,
            readOnly,
        };

        command.SetAction((parseResult, cancellationToken) => CliAction.WithAppAsync(global.Read(parseResult), async app =>
        {
            var options = new StudioOptions
            {
                Urls = parseResult.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Token = ReadToken(parseResult.GetValue(tokenFile)),
                ReadOnly = parseResult.GetValue(readOnly),
            };
            if (StudioBinding.Refusal(options.Urls, options.Token) is { } refusal)
            {
                throw new UsageException(refusal);
            }

            var registry = app.Services.GetRequiredService<ActivityRegistry>();
            var runner = app.Services.GetRequiredService<ICommandRunner>();
            var catalog = app.Catalog;
            var services = new StudioServices(
                app.Journal,
                app.Loader,
                new CatalogDefinitionSource(catalog),
                observer => new WorkflowEngine(app.Journal, registry, runner, observer, definitions: catalog))
            {
                Observer = app.Services.GetRequiredService<IWorkflowObserver>(),
            };
            var logger = app.Services.GetRequiredService<ILogger>();
            await using var web = StudioServer.Build(options, services, logging => logging.AddSerilog(logger));
            await web.StartAsync(cancellationToken);

            // Tests and scripts read the address from here (with --urls http://127.0.0.1:0, the port Kestrel picked).
            foreach (var address in StudioServer.ListeningAddresses(web))
            {
                Console.Out.WriteLine($"Studio listening on {address}");
            }

            Console.Out.WriteLine(options.ReadOnly ? "read-only: actions are refused" : options.Token is null ? "actions need no token (loopback only)" : "reads and actions need the token (browsers log in at /login)");
            await Console.Out.FlushAsync(cancellationToken);
            try
            {
                await web.WaitForShutdownAsync(cancellationToken);
            }
            finally
            {
                await web.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string? ReadToken(string? file)
    {
        string? token;
        if (file is not null)
        {
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read the token file {file}: {ex.Message}");
            }

            if (token.Length == 0)
            {
                throw new UsageException($"the token file {file} is empty");
            }
        }
        else
        {
            token = Environment.GetEnvironmentVariable(TokenVariable)?.Trim();
        }

        return string.IsNullOrEmpty(token) ? null : token;
    }
}
