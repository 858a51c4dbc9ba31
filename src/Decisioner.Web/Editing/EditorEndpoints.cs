using Decisioner.Core.Content;
using Decisioner.Web.Components.Pages.Editor;
using Decisioner.Web.Security;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Decisioner.Web.Editing;

/// <summary>
/// The editing page's helpers, used by editor.js as the editor types, and publishing for scripts. Each takes the
/// form as the page posts it (with its antiforgery token), names its file by <see cref="EditablePath"/> before
/// anything else, and answers a refusal with problem details.
/// </summary>
public static class EditorEndpoints
{
    public static RouteGroupBuilder MapEditorEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(EditorLinks.ApiPrefix);

        // The right-hand side of the editing page for this text: its problems and the page as readers would see it.
        api.MapPost("/preview", async (HttpContext http, DraftCheck check, DraftStore drafts) =>
        {
            var (form, problem) = await ReadAsync(http);
            return problem ?? new RazorComponentResult<DraftReport>(new Dictionary<string, object?>
            {
                [nameof(DraftReport.Preview)] = check.Preview(form!.Path, form.Text),
                [nameof(DraftReport.ImpactPending)] = EditablePath.KindOf(form.Path) is EditableKind.Quiz or EditableKind.Personas,
                [nameof(DraftReport.SmallChange)] = TextChanges.IsSmall(drafts.ReadDisk(form.Path), form.Text),
            });
        });

        // The same, with the quiz scored for every persona and every complete answer set (a second or two).
        api.MapPost("/impact", async (HttpContext http, DraftCheck check) =>
        {
            var (form, problem) = await ReadAsync(http);
            if (problem is not null)
            {
                return problem;
            }

            var preview = check.Preview(form!.Path, form.Text);
            return new RazorComponentResult<DraftReport>(new Dictionary<string, object?>
            {
                [nameof(DraftReport.Preview)] = preview,
                [nameof(DraftReport.Impact)] = await check.ImpactAsync(preview),
            });
        });

        // Keeps the text as the editor's draft.
        api.MapPost("/draft", async (HttpContext http, DraftStore drafts, Editors editors) =>
        {
            var (form, problem) = await ReadAsync(http);
            if (problem is not null)
            {
                return problem;
            }

            if (await editors.CurrentAsync(http.User) is not { } editor)
            {
                return NoLongerEditor();
            }

            var disk = drafts.ReadDisk(form!.Path);
            var draft = await drafts.SaveAsync(editor, form.Path, form.Text, form.BaseHash, form.BaseHash == (disk is null ? null : TextHash.Of(disk)) ? disk : null, http.RequestAborted);
            return Results.Json(new DraftSaved(draft.Id, EditorLinks.Draft(draft.Id), draft.UpdatedAt), EditorJsonContext.Default.DraftSaved);
        });

        // Publishes through the same checks as the page: 200 when written, 422 with the problems when refused,
        // 409 when personas would change (send confirm=true to go ahead) or when the file changed since baseHash.
        api.MapPost("/publish", async (HttpContext http, ContentPublisher publisher, Editors editors) =>
        {
            var (form, problem) = await ReadAsync(http);
            if (problem is not null)
            {
                return problem;
            }

            if (await editors.CurrentAsync(http.User) is not { } editor)
            {
                return NoLongerEditor();
            }

            var outcome = await publisher.PublishAsync(editor, new PublishRequest(
                form!.Path, form.Text, form.BaseHash, null, form.Note, form.AddToChanges, form.Confirm), http.RequestAborted);
            return outcome switch
            {
                Published p => Results.Json(new PublishedVersion(p.Version.Id, p.Version.Hash, p.Version.Commit), EditorJsonContext.Default.PublishedVersion),
                Refused r => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not published", detail: r.Reason,
                    extensions: new Dictionary<string, object?> { ["problems"] = r.Problems.Select(d => d.ToString()).ToArray() }),
                NeedsConfirmation c => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The quiz's results would change",
                    detail: $"{c.Changes.Count} persona(s) would get a different result and {c.ViolationCount} answer set(s) would break a contract rule; send confirm=true to publish anyway.",
                    extensions: new Dictionary<string, object?>
                    {
                        ["personas"] = c.Changes.Select(s => $"{s.Name}: {PersonaShift.Summary(s.Before)} -> {PersonaShift.Summary(s.After)}").ToArray(),
                        ["violations"] = c.Violations.Select(d => d.Message).ToArray(),
                    }),
                Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The file changed",
                    detail: "The file changed since baseHash; open it again and publish over the new text."),
                _ => Results.Problem(statusCode: StatusCodes.Status500InternalServerError),
            };
        });

        // A database that does not answer is the site's problem, said as such; the editor's text is still in their page.
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception ex) when (Decisioner.Web.Data.DatabaseFault.Is(ex))
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not saved",
                    detail: "The database did not answer, so nothing was saved or published. Your text is still in the page; try again in a moment.");
            }
        });
        api.RequireAuthorization(StaffRoles.EditorPolicy)
            .WithMetadata(
                new RequireAntiforgeryTokenAttribute(),
                new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(EditingLimits.RequestBytes),
                // A refusal is answered as it is, not re-run as the not-found page.
                new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute());
        return api;
    }

    /// <summary>The fields the editing page posts; <see cref="BaseHash"/> is null for a file that did not exist when opened (sent empty).</summary>
    private sealed record EditorForm(string Path, string Text, string? BaseHash, string? Note, bool AddToChanges, bool Confirm);

    private static readonly FormRefusals Refusals = new(
        BadToken: "The form's token is missing or out of date. Reload the editing page and try again.",
        NotAForm: "Send the fields as a form (application/x-www-form-urlencoded or multipart/form-data), as the editing page does.",
        TooLarge: $"The request is larger than {EditingLimits.RequestBytes:N0} bytes.");

    /// <summary>The posted form, or the refusal: a bad token, no form, a file that cannot be edited, a text too long.</summary>
    private static async Task<(EditorForm? Form, IResult? Problem)> ReadAsync(HttpContext http)
    {
        var (form, refused) = await PostedForm.ReadAsync(http, Refusals);
        if (form is null)
        {
            return (null, refused);
        }

        if (!EditablePath.TryParse(form["file"], out var path))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No such file", detail: EditablePath.Reason));
        }

        var text = ((string?)form["text"] ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.Length > EditingLimits.Text)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too long",
                detail: $"The text is longer than {EditingLimits.Text:N0} characters."));
        }

        var baseHash = (string?)form["baseHash"];
        return (new EditorForm(path, text, string.IsNullOrEmpty(baseHash) ? null : baseHash, form["note"], form["addToChanges"] == "true", form["confirm"] == "true"), null);
    }

    private static IResult NoLongerEditor() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an editor", detail: "Your account can no longer edit content.");
}

public sealed record DraftSaved(Guid Id, string PreviewUrl, DateTime SavedAt);

public sealed record PublishedVersion(long Version, string Hash, string? Commit);

[System.Text.Json.Serialization.JsonSerializable(typeof(DraftSaved))]
[System.Text.Json.Serialization.JsonSerializable(typeof(PublishedVersion))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class EditorJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
