using Decisioner.Web.Api;
using Decisioner.Web.Components;
using Decisioner.Web.Content;
using Decisioner.Web.Security;

var builder = WebApplication.CreateBuilder(args);

// Content: the folder of guides and site data, loaded once at start into an immutable snapshot.
builder.Services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ContentStore>();

// Errors from the API are RFC 7807 problem details.
builder.Services.AddProblemDetails();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

var app = builder.Build();

// Load content before the first request, so a broken folder shows in the log at start.
app.Services.GetRequiredService<ContentStore>();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
// Paths that try to climb out of a route never reach routing.
app.UsePathGuard();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapQuestionnaireApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
