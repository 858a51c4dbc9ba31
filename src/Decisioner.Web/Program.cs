using Decisioner.Web;
using Decisioner.Web.Api;
using Decisioner.Web.Caching;
using Decisioner.Web.Components;
using Decisioner.Web.Analytics;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Desk;
using Decisioner.Web.Diagnostics;
using Decisioner.Web.Editing;
using Decisioner.Web.Mail;
using Decisioner.Web.Security;
using Decisioner.Web.Staff;
using Microsoft.Extensions.Options;

// A first word of `check`, `users`, `migrate` or `--help` is a command (SiteCommands): it runs and exits without
// serving. Anything else, no arguments or host settings such as --urls, starts the site. Help, usage errors and
// `check` run here; the database commands once the host is built and its settings checked.
if (SiteCommands.IsCommand(args) && !SiteCommands.NeedsDatabase(args))
{
    return SiteCommands.Run(args, Console.Out, Console.Error);
}

// Every settings section is checked as the site is built and started; a bad value stops it with one line naming the key.
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        // A published site started from another directory still finds its own wwwroot.
        ContentRootPath = AppFolder.ContentRoot(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
    });

    // Content: the folder of guides, site data and quizzes, loaded into an immutable snapshot and reloaded when a file changes.
    builder.Services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<ContentStore>();
    builder.Services.AddSingleton<Decisioner.Web.Search.SearchIndex>();
    builder.Services.AddSingleton<EditorCheck>();

    // Storage: SQLite by default (a file under Database:DataFolder), PostgreSQL by configuration; staff accounts on it.
    builder.Services.AddSiteDatabase(builder.Configuration);
    builder.Services.AddStaffAccounts(builder.Environment);
    builder.Services.AddStaffPasskeys();
    builder.Services.AddQuizAnalytics();
    // Messages to prospects: queued in the database, sent through the SMTP server in Email:* by a background worker.
    builder.Services.AddMail();
    builder.Services.AddAdmissionsDesk();
    // Editors change content from the browser: drafts in the database, checked, then published into the folder.
    builder.Services.AddContentEditing();
    // Image uploads from the editors' workspace into content/media.
    builder.Services.AddMediaUpload();

    // Errors from the API are RFC 7807 problem details; its bodies are read and written by generated serializers (ApiJsonContext).
    builder.Services.AddProblemDetails();
    builder.Services.AddQuestionnaireApi();

    // Limits: request sizes at the server, a per-client rate on the API, a per-client cap on open circuits.
    builder.Services.AddLimits();
    // Behind a reverse proxy or load balancer named in ForwardedHeaders:*, the visitor's address and scheme (none trusted by default).
    builder.Services.AddTrustedProxies();

    // Health: live when the process answers, ready once content has loaded, the static assets can be served
    // and the site has warmed its hot paths by requesting them from itself (WarmUp).
    builder.Services.AddWarmUp();
    builder.Services.AddHealthChecks()
        .AddCheck<ContentReadyCheck>("content", tags: ["ready"])
        .AddCheck<StaticAssetsReadyCheck>("static-assets", tags: ["ready"])
        .AddCheck<WarmUpReadyCheck>("warm-up", tags: ["ready"]);

    // On SIGTERM, stop taking connections and let requests in flight finish within this time.
    builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
        host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));

    // The memory endpoint for load measurements, and the circuit counter it reads: only when asked for.
    // (Bound and checked at start like every section; read here too, because it decides what is registered.)
    builder.Services.AddOptions<DiagnosticsOptions>().BindConfiguration(DiagnosticsOptions.Section).ValidateOnStart();
    var diagnosticsEnabled = bool.TryParse(builder.Configuration[$"{DiagnosticsOptions.Section}:{nameof(DiagnosticsOptions.Enabled)}"], out var enabled) && enabled;
    if (diagnosticsEnabled)
    {
        builder.Services.AddCircuitStats();
    }

    builder.Services.AddRazorComponents()
        .AddInteractiveServerComponents(circuits =>
        {
            // The quiz keeps its state in the address, so a lost circuit costs nothing: keep few, briefly.
            circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(1);
            circuits.DisconnectedCircuitMaxRetained = 100;
            circuits.DetailedErrors = builder.Environment.IsDevelopment();
        });
    builder.Services.AddOnDemandAntiforgery();
    builder.Services.AddPageCache();

    var app = builder.Build();

    // Settings first (a bad one is named before anything else is tried), then the database.
    app.Services.GetService<IStartupValidator>()?.Validate();

    // `migrate` and `users ...` work on the database and exit, without serving.
    if (SiteCommands.IsCommand(args))
    {
        return await SiteCommands.RunAsync(args, app.Services, Console.Out, Console.Error);
    }

    app.Services.GetRequiredService<DatabaseSetup>().PrepareForServing(app.Services, app.Logger);

    // Load content before the first request, so a broken folder shows in the log at start.
    var content = app.Services.GetRequiredService<ContentStore>();

    // First, so the limits, the audit trail and HSTS see the visitor rather than the proxy.
    app.UseTrustedProxies();
    app.UseSecurityHeaders();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseHsts();
    }
    // Paths that try to climb out of a route never reach routing.
    app.UsePathGuard();
    app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    app.UseQuestionnaireApi();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.UseStaffPagesUncached();
    // Counted before the cache, so a result served from memory is counted like one rendered; the warm-up's own requests are not.
    var warmUp = app.Services.GetRequiredService<WarmUpState>();
    app.UseWhen(context => !warmUp.IsWarmUpRequest(context), counted => counted.UseQuizCounting());
    app.UsePageCache();

    app.MapStaticAssets();
    // Images in content/media (made at start if missing, so uploads are served too) at /media.
    app.UseMediaFiles();

    app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
    // Ready means every check is healthy. A warm-up in progress is degraded (a warning in the log, not an error),
    // and a load balancer must not send traffic yet either.
    app.MapHealthChecks("/health/ready", new()
    {
        Predicate = check => check.Tags.Contains("ready"),
        ResultStatusCodes =
        {
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
        },
    });
    app.MapQuestionnaireApi().RequireRateLimiting(Limits.ApiPolicy);
    app.MapStaffEndpoints().RequireStaffAreaRule();
    app.MapPasskeyEndpoints().RequireStaffAreaRule();
    app.MapDeskEndpoints().RequireStaffAreaRule();
    app.MapEditorEndpoints().RequireStaffAreaRule();
    app.MapMediaEndpoints().RequireStaffAreaRule();
    if (diagnosticsEnabled)
    {
        app.MapMemoryDiagnostics();
    }
    app.MapRazorComponents<App>()
        .RequireStaffAreaRule()
        .AddInteractiveServerRenderMode();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupErrors.IsBadSetting(ex, out var problem))
{
    return StartupErrors.Refuse(problem);
}
