using Messier.Studio.Api;
using Messier.Studio.Assets;
using Messier.Studio.Pages;
using Messier.Studio.Runs;
using Messier.Studio.Security;
using Messier.Studio.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messier.Studio;

/// <summary>
/// Builds the Studio: Kestrel serving the JSON API under <c>/api</c>, the pages, and the bundled
/// browser code, over the journal the composition root opened.
/// </summary>
public static partial class StudioServer
{
    /// <exception cref="ArgumentException">The addresses break the listening rule (<see cref="StudioBinding"/>).</exception>
    public static WebApplication Build(StudioOptions options, StudioServices services, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        if (StudioBinding.Refusal(options.Urls, options.Token) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(options));
        }

        // Production always: the developer exception page would show stack traces to the browser.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "messier-studio",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();

        // A line per request would bury what matters (runs, errors) in the operator's terminal.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton(new DefinitionViews(services.Loader));
        builder.Services.AddSingleton<InstanceDocuments>();
        builder.Services.AddSingleton<BackgroundRuns>();
        builder.Services.AddSingleton<StudioAssets>();
        builder.Services.AddSingleton<PageShell>();
        builder.Services.AddSingleton<StudioToken>();
        builder.Services.AddSingleton<ActionGuard>();
        if (StudioBinding.AllLoopback(options.Urls))
        {
            // Listening on loopback only, a request naming another host came through DNS rebinding.
            builder.Services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);
        }

        var app = builder.Build();
        app.UseHostFiltering();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleUnexpectedAsync });
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.Use(ReadGuard.InvokeAsync);

        var api = app.MapGroup("/api");
        ReadEndpoints.Map(api);
        ActionEndpoints.Map(api);
        PageEndpoints.Map(app);
        LoginEndpoints.Map(app);
        app.MapGet("/assets/{name}", (string name, HttpContext context, StudioAssets assets) => assets.Serve(name, context));
        return app;
    }

    /// <summary>The addresses Kestrel listens on once started (port 0 resolved to the port it picked).</summary>
    public static IReadOnlyList<string> ListeningAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // No framing (the action buttons must not be clickjacked) and nothing but our own script.
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        return next();
    }

    private static async Task HandleUnexpectedAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Messier.Studio");
        if (error is not null)
        {
            LogUnexpected(logger, error, context.Request.Path);
        }

        // A plain message only: the type, message and stack of an unexpected error stay in the log.
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await Results.Problem(detail: "Unexpected error in the Studio; its log has the details.", statusCode: StatusCodes.Status500InternalServerError, title: "Error").ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string path);
}
