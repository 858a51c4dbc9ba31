using Decisioner.Core.Content;
using Decisioner.Web.Api;
using Decisioner.Web.Caching;
using Decisioner.Web.Components;
using Decisioner.Web.Content;
using Decisioner.Web.Diagnostics;
using Decisioner.Web.Security;
using Microsoft.Extensions.FileProviders;

// `check` validates the content folder and exits, without starting the web server.
if (ContentCheckCommand.IsCheck(args))
{
    return ContentCheckCommand.Run(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);

// Content: the folder of guides, site data and quizzes, loaded into an immutable snapshot and reloaded when a file changes.
builder.Services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ContentStore>();
builder.Services.AddOptions<EditorOptions>().BindConfiguration(EditorOptions.Section);
builder.Services.AddSingleton<EditorCheck>();

// Errors from the API are RFC 7807 problem details; its answers are written by generated serializers (ApiJsonContext).
builder.Services.AddProblemDetails();

// Limits: request sizes at the server, a per-client rate on the API, a per-client cap on open circuits.
var limits = builder.Configuration.GetSection(LimitOptions.Section).Get<LimitOptions>() ?? new LimitOptions();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = 64 * 1024;
    kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
    kestrel.Limits.MaxRequestHeaderCount = 50;
    kestrel.Limits.MaxRequestLineSize = 8 * 1024;
});
builder.Services.AddApiRateLimit(limits);

// Health: live when the process answers, ready once content has loaded.
builder.Services.AddHealthChecks().AddCheck<ContentReadyCheck>("content", tags: ["ready"]);

// On SIGTERM, stop taking connections and let requests in flight finish within this time.
builder.Services.Configure<HostOptions>(options =>
    options.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 20)));

builder.Services.AddCircuitStats();
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

// Load content before the first request, so a broken folder shows in the log at start.
var content = app.Services.GetRequiredService<ContentStore>();

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}
// Paths that try to climb out of a route never reach routing.
app.UsePathGuard();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRateLimiter();
app.UseCircuitCap(limits);
app.UseAntiforgery();
app.UsePageCache();

app.MapStaticAssets();
// Images editors put in content/media are served at /media.
var media = Path.Combine(content.Root, ContentValidator.MediaFolder);
if (Directory.Exists(media))
{
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(media), RequestPath = "/media" });
}

app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
app.MapQuestionnaireApi().RequireRateLimiting(Limits.ApiPolicy);
if (app.Configuration.GetValue<bool>("Diagnostics:Enabled"))
{
    app.MapMemoryDiagnostics();
}
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
return 0;
