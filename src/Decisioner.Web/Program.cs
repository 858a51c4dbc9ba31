using Decisioner.Core.Content;
using Decisioner.Web.Api;
using Decisioner.Web.Components;
using Decisioner.Web.Content;
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

// Errors from the API are RFC 7807 problem details.
builder.Services.AddProblemDetails();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

var app = builder.Build();

// Load content before the first request, so a broken folder shows in the log at start.
var content = app.Services.GetRequiredService<ContentStore>();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
// Paths that try to climb out of a route never reach routing.
app.UsePathGuard();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
// Images editors put in content/media are served at /media.
var media = Path.Combine(content.Root, ContentValidator.MediaFolder);
if (Directory.Exists(media))
{
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(media), RequestPath = "/media" });
}

app.MapQuestionnaireApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
return 0;
