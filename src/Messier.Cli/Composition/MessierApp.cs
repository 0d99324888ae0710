using Messier.Cli.Definitions;
using Messier.Cli.Output;
using Messier.Commands;
using Messier.Host;
using Messier.Journal;
using Messier.Workflows.Activities;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Formatting.Compact;

namespace Messier.Cli.Composition;

/// <summary>
/// The composition root: one host per invocation with Serilog (console for people, a rolling JSON
/// file beside the journal for later), the journal, the activity registry and the engine. The host
/// is built on first use only: read-only commands (instances list/show) need the journal alone,
/// and their cold start is measured against a hello world.
/// </summary>
internal sealed class MessierApp : IAsyncDisposable
{
    private readonly IWorkflowJournal? journal;
    private readonly Lazy<IHost> host;

    private MessierApp(CliSettings settings, IWorkflowJournal? journal)
    {
        this.journal = journal;
        host = new Lazy<IHost>(() => Build(settings, journal));
    }

    public IServiceProvider Services => host.Value.Services;

    public IWorkflowJournal Journal => journal ?? throw new InvalidOperationException("This command was set up without the journal.");

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    public DefinitionCatalog Catalog => Services.GetRequiredService<DefinitionCatalog>();

    public DefinitionLoader Loader => Services.GetRequiredService<DefinitionLoader>();

    /// <summary>Definitions and validation only: no journal is opened.</summary>
    public static MessierApp CreateWithoutJournal(CliSettings settings) => new(settings, journal: null);

    /// <exception cref="JournalUnavailableException">The journal cannot be opened.</exception>
    public static async Task<MessierApp> OpenAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        var journal = await SqliteWorkflowJournal.OpenAsync(settings.JournalPath, cancellationToken);
        return new MessierApp(settings, FaultInjection.CrashAfterWritesJournal.WrapIfRequested(journal));
    }

    public async ValueTask DisposeAsync()
    {
        if (host.IsValueCreated)
        {
            host.Value.Dispose();
            await Log.CloseAndFlushAsync();
        }

        if (journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private static IHost Build(CliSettings settings, IWorkflowJournal? journal)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "messier" });
        var logger = CreateLogger(settings, journal is not null);
        builder.Services.AddSerilog(logger, dispose: true);
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        builder.Services.AddSingleton(ActivityRegistry.CreateDefault().AddHostActivities());
        builder.Services.AddSingleton<DefinitionLoader>();
        builder.Services.AddSingleton(sp => new DefinitionCatalog(sp.GetRequiredService<DefinitionLoader>(), settings.ExtraDefinitionDirectories));
        builder.Services.AddSingleton(FaultInjection.CrashDuringCommandRunner.WrapIfRequested(new CliWrapCommandRunner()));
        builder.Services.AddSingleton(sp => new ConsoleProgress(sp.GetRequiredService<Serilog.ILogger>()));
        builder.Services.AddSingleton<IWorkflowObserver>(sp => sp.GetRequiredService<ConsoleProgress>());
        if (journal is not null)
        {
            builder.Services.AddSingleton(journal);
            builder.Services.AddSingleton(sp => new WorkflowEngine(
                sp.GetRequiredService<IWorkflowJournal>(),
                sp.GetRequiredService<ActivityRegistry>(),
                sp.GetRequiredService<ICommandRunner>(),
                sp.GetRequiredService<IWorkflowObserver>(),
                definitions: sp.GetRequiredService<DefinitionCatalog>()));
        }

        return builder.Build();
    }

    private static Serilog.Core.Logger CreateLogger(CliSettings settings, bool withFile)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.FromLogContext()
            .WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Message:lj}{NewLine}{Exception}",
                restrictedToMinimumLevel: settings.Quiet ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information,
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Warning);
        if (withFile)
        {
            var logDirectory = Environment.GetEnvironmentVariable("MESSIER_LOG_DIR") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Path.GetDirectoryName(settings.JournalPath) ?? ".", "logs");
            configuration = configuration.WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(logDirectory, "messier-.json"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                shared: true);
        }

        return configuration.CreateLogger();
    }
}
