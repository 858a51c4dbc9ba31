using System.Net;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Content;
using Decisioner.Web.Editing;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Editing;

/// <summary>Editing in the browser, written once and run on SQLite (EditingTests) and PostgreSQL (PostgresEditingTests).</summary>
internal static class EditingScenarios
{
    /// <summary>
    /// A typo fixed in a guide: previewed, published with a note, served at once, kept in the history (with the
    /// file as it was before, so it can be undone), committed in a content repository with the editor as author, audited.
    /// </summary>
    public static async Task FixATypo_PublishesAtomically_KeepsHistory_CommitsAndAudits(SiteFactory site, TempContent content)
    {
        // The content folder is a repository whose last commit has the typo.
        var original = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));
        var typo = original.Replace("fits comfortably in", "fits comfortbly in", StringComparison.Ordinal);
        typo.Should().NotBe(original, "the guide says the material fits comfortably in the window");
        await File.WriteAllTextAsync(content.PathOf(EditingSteps.Guide), typo);
        site.Services.GetRequiredService<ContentStore>().Reload();
        TestGit.Run(content.Root, "init", "-q");
        TestGit.Run(content.Root, "-c", "user.name=setup", "-c", "user.email=setup@example.org", "add", "-A");
        TestGit.Run(content.Root, "-c", "user.name=setup", "-c", "user.email=setup@example.org", "commit", "-qm", "shipped content");

        var (email, editor) = await EditingSteps.EditorAsync(site);
        var form = await EditingSteps.OpenAsync(editor, EditingSteps.Guide);
        form.Text.Should().Be(typo);
        form.BaseHash.Should().Be(TextHash.Of(typo));

        // The preview renders the draft, not the file.
        var preview = await EditingSteps.PostApiAsync(editor, EditorLinks.PreviewApi, form.Token, new Dictionary<string, string>
        {
            ["file"] = EditingSteps.Guide,
            ["text"] = original,
        });
        var previewHtml = await preview.Content.ReadAsStringAsync();
        preview.StatusCode.Should().Be(HttpStatusCode.OK, previewHtml);
        previewHtml.Should().Contain("No problems").And.Contain("fits comfortably in").And.NotContain("comfortbly").And.Contain("data-small-change=\"true\"");
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(typo, "a preview writes nothing");

        var published = await EditingSteps.PostAsync(editor, EditingSteps.Guide, form, original, "publish", note: "Fixed a typo: comfortably");
        published.StatusCode.Should().Be(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        published.Headers.Location!.OriginalString.Should().EndWith("done=published");

        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(original);
        Directory.EnumerateFiles(content.PathOf("guides"), ".*").Should().BeEmpty("the temporary file was renamed into place");
        var page = await StaffForms.Client(site).GetStringAsync("/guides/rag-vs-long-context");
        page.Should().Contain("fits comfortably in").And.NotContain("comfortbly", "the site serves the published text at once");

        var versions = await EditingSteps.VersionsAsync(site, EditingSteps.Guide);
        versions.Should().HaveCount(2);
        versions[0].Kind.Should().Be(ContentVersion.Found);
        versions[0].Text.Should().Be(typo);
        versions[1].Should().Match<ContentVersion>(v => v.Kind == ContentVersion.Published && v.Text == original && v.Note == "Fixed a typo: comfortably"
            && v.AuthorName == email && v.Hash == TextHash.Of(original) && v.Commit != null);
        (await EditingSteps.DraftsAsync(site)).Should().BeEmpty("publishing ends the draft");

        var log = TestGit.Run(content.Root, "log", "-1", "--format=%an <%ae>|%s", "--", EditingSteps.Guide);
        log.Trim().Should().Be($"{email} <{email}>|Fixed a typo: comfortably");
        TestGit.Run(content.Root, "status", "--porcelain").Trim().Should().BeEmpty("the commit holds the published file and nothing is left over");

        var audit = await StaffForms.AuditAsync(site);
        audit.Should().Contain(l => l.Event == AuditEvents.ContentPublished && l.Actor == email && l.Target == EditingSteps.Guide && l.Detail!.Contains("Fixed a typo", StringComparison.Ordinal));
        audit.Should().Contain(l => l.Event == AuditEvents.DraftStarted && l.Target == EditingSteps.Guide);
    }

    /// <summary>A file with errors is refused with line and column; nothing is written and the text is kept as the editor's draft.</summary>
    public static async Task AFileWithErrors_IsRefused_AndTheTextKept(SiteFactory site, TempContent content)
    {
        var (_, editor) = await EditingSteps.EditorAsync(site);
        var before = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));
        var form = await EditingSteps.OpenAsync(editor, EditingSteps.Guide);
        var broken = before.Replace("updated: 2026-11-30", "updated: next week", StringComparison.Ordinal)
            + "\nSee [the missing section](#no-such-heading).\n";

        var response = await EditingSteps.PostAsync(editor, EditingSteps.Guide, form, broken, "publish", note: "An update");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("Fix the errors first").And.Contain($"{EditingSteps.Guide}:9:10").And.Contain("'updated' must be a date");
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(before);
        (await EditingSteps.VersionsAsync(site, EditingSteps.Guide)).Should().BeEmpty();
        (await EditingSteps.DraftsAsync(site)).Should().ContainSingle(d => d.Path == EditingSteps.Guide && d.Text == broken);

        // Opening the file again gives the draft back, not the file.
        (await EditingSteps.OpenAsync(editor, EditingSteps.Guide)).Text.Should().Be(broken);

        // A note is required.
        var fixedText = before.Replace("## Quick take", "## Quick take\n\nOne more line.", StringComparison.Ordinal);
        var noNote = await EditingSteps.PostAsync(editor, EditingSteps.Guide, form, fixedText, "publish", note: " ");
        WebUtility.HtmlDecode(await noNote.Content.ReadAsStringAsync()).Should().Contain("Say in one line");
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(before);
    }

    /// <summary>The file changed on disk after the editor opened it: publish shows the three texts and does not overwrite; the editor then chooses.</summary>
    public static async Task AFileChangedSinceOpened_IsNeverOverwrittenSilently(SiteFactory site, TempContent content)
    {
        var (_, editor) = await EditingSteps.EditorAsync(site);
        var form = await EditingSteps.OpenAsync(editor, EditingSteps.Guide);
        var mine = form.Text.Replace("## Quick take", "## Quick take\n\nMy new opening line.", StringComparison.Ordinal);
        var theirs = form.Text.Replace("## Quick take", "## Quick take\n\nTheir new opening line.", StringComparison.Ordinal);
        (await EditingSteps.PostAsync(editor, EditingSteps.Guide, form, mine, "save")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Meanwhile a git pull, or another editor, changes the file.
        await File.WriteAllTextAsync(content.PathOf(EditingSteps.Guide), theirs);

        var response = await EditingSteps.PostAsync(editor, EditingSteps.Guide, form, mine, "publish", note: "My opening line");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain("The file changed since you opened it").And.Contain("Their new opening line").And.Contain("My new opening line");
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(theirs);

        // Publishing over it is a choice made on purpose, from the conflict view (its base is now the file as it is).
        var conflictForm = new EditingSteps.EditForm(html, form.Token, TextHash.Of(theirs), mine);
        var overwrite = await EditingSteps.PostAsync(editor, EditingSteps.Guide, conflictForm, mine, "overwrite", note: "My opening line, over theirs");
        overwrite.StatusCode.Should().Be(HttpStatusCode.Redirect, WebUtility.HtmlDecode(await overwrite.Content.ReadAsStringAsync()));
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(mine);
        var versions = await EditingSteps.VersionsAsync(site, EditingSteps.Guide);
        versions.Select(v => v.Text).Should().Equal(theirs, mine);
    }

    /// <summary>
    /// A quiz change that changes personas' results asks for a second press, then publishes; the history then restores
    /// the earlier version, through the same checks (and a second press again).
    /// </summary>
    public static async Task AQuizChange_AsksAgain_ThenRestoresFromHistory(SiteFactory site, TempContent content)
    {
        var (_, editor) = await EditingSteps.EditorAsync(site);
        var original = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Quiz));
        var form = await EditingSteps.OpenAsync(editor, EditingSteps.Quiz);
        var changed = QuizWeightChange.Apply(original);

        var impact = await EditingSteps.PostApiAsync(editor, EditorLinks.ImpactApi, form.Token, new Dictionary<string, string> { ["file"] = EditingSteps.Quiz, ["text"] = changed });
        var impactHtml = WebUtility.HtmlDecode(await impact.Content.ReadAsStringAsync());
        impact.StatusCode.Should().Be(HttpStatusCode.OK, impactHtml);
        impactHtml.Should().Contain("2 personas would change outcome").And.Contain("answer sets would get a result that breaks a rule");
        foreach (var name in QuizWeightChange.FlippedPersonas)
        {
            impactHtml.Should().Contain(name);
        }

        var first = await EditingSteps.PostAsync(editor, EditingSteps.Quiz, form, changed, "publish", note: "Weight change");
        var firstHtml = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        firstHtml.Should().Contain("2 personas would get a different result").And.Contain("Publish anyway").And.Contain(QuizWeightChange.FlippedPersonas[0]);
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Quiz))).Should().Be(original, "not without the second press");

        var second = await EditingSteps.PostAsync(editor, EditingSteps.Quiz, form, changed, "publish-anyway", note: "Weight change");
        second.StatusCode.Should().Be(HttpStatusCode.Redirect, WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()));
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Quiz))).Should().Be(changed);

        // History: the file as it was, then the change. Restoring the first asks again (personas change back), then publishes.
        var versions = await EditingSteps.VersionsAsync(site, EditingSteps.Quiz);
        versions.Select(v => v.Kind).Should().Equal(ContentVersion.Found, ContentVersion.Published);
        var history = await editor.GetStringAsync(EditorLinks.History(EditingSteps.Quiz));
        WebUtility.HtmlDecode(history).Should().Contain("Restore this version").And.Contain("served now").And.Contain("Weight change");
        var restore = await StaffForms.PostAsync(editor, EditorLinks.History(EditingSteps.Quiz), "restore", new Dictionary<string, string>
        {
            ["Restore.Version"] = versions[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Restore.BaseHash"] = TextHash.Of(changed),
        });
        WebUtility.HtmlDecode(await restore.Content.ReadAsStringAsync()).Should().Contain("Restore anyway");
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Quiz))).Should().Be(changed);

        var confirmed = await StaffForms.PostAsync(editor, EditorLinks.History(EditingSteps.Quiz), "restore", new Dictionary<string, string>
        {
            ["Restore.ConfirmVersion"] = versions[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Restore.BaseHash"] = TextHash.Of(changed),
        });
        confirmed.StatusCode.Should().Be(HttpStatusCode.Redirect, WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync()));
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Quiz))).Should().Be(original);
        (await EditingSteps.VersionsAsync(site, EditingSteps.Quiz)).Select(v => v.Kind).Should().Equal(ContentVersion.Found, ContentVersion.Published, ContentVersion.Restored);
        (await StaffForms.AuditAsync(site)).Should().Contain(l => l.Event == AuditEvents.ContentRestored && l.Target == EditingSteps.Quiz);
    }

    /// <summary>A guide change bigger than a typo adds the note to the guide's "What changed" list and moves "updated" to today.</summary>
    public static async Task ANoteForReaders_GoesIntoTheGuidesChanges(SiteFactory site, TempContent content)
    {
        var (_, editor) = await EditingSteps.EditorAsync(site);
        var form = await EditingSteps.OpenAsync(editor, EditingSteps.Guide);
        var changed = form.Text.Replace("## Quick take", "## Quick take\n\nA new paragraph that says more than a typo would.", StringComparison.Ordinal);
        var response = await EditingSteps.PostAsync(editor, EditingSteps.Guide, form, changed, "publish", note: "Added a paragraph to the quick take", addToChanges: true);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));

        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var written = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));
        written.Should().Contain($"updated: {today}").And.Contain($"changes:\n  - date: {today}\n    note: \"Added a paragraph to the quick take\"");
        var guide = site.Services.GetRequiredService<ContentStore>().Current.FindGuide("rag-vs-long-context")!;
        guide.Changes[0].Note.Should().Be("Added a paragraph to the quick take");
        WebUtility.HtmlDecode(await StaffForms.Client(site).GetStringAsync("/guides/rag-vs-long-context")).Should().Contain("Added a paragraph to the quick take");
    }

    /// <summary>A new guide starts as a draft from the template, is shared by its link with another editor, and is served once published.</summary>
    public static async Task ANewGuide_StartsAsADraft_IsShared_ThenPublished(SiteFactory site, TempContent content)
    {
        var (owner, editor) = await EditingSteps.EditorAsync(site);
        var (_, other) = await EditingSteps.EditorAsync(site);
        var start = await StaffForms.PostAsync(editor, EditorLinks.NewGuide, "new-guide", new Dictionary<string, string>
        {
            ["Input.Title"] = "Chunking \"basics\"",
            ["Input.Slug"] = "chunking-basics",
        });
        start.StatusCode.Should().Be(HttpStatusCode.Redirect, WebUtility.HtmlDecode(await start.Content.ReadAsStringAsync()));
        start.Headers.Location!.OriginalString.Should().EndWith(EditorLinks.Edit("guides/chunking-basics.md"));
        File.Exists(content.PathOf("guides/chunking-basics.md")).Should().BeFalse("a draft is never public");
        (await StaffForms.Client(site).GetAsync("/guides/chunking-basics")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var form = await EditingSteps.OpenAsync(editor, "guides/chunking-basics.md");
        form.BaseHash.Should().BeEmpty("the file does not exist yet");
        form.Html.Should().Contain("No problems");
        var draft = (await EditingSteps.DraftsAsync(site)).Single();
        var shared = WebUtility.HtmlDecode(await other.GetStringAsync(EditorLinks.Draft(draft.Id)));
        shared.Should().Contain("Chunking \"basics\"").And.Contain("Not published");
        WebUtility.HtmlDecode(await other.GetStringAsync("/editor")).Should().Contain("guides/chunking-basics.md")
            .And.Contain($"<a href=\"{EditorLinks.Draft(draft.Id)}\">{owner}'s draft</a>", "the workspace lists the draft with its owner");

        var published = await EditingSteps.PostAsync(editor, "guides/chunking-basics.md", form, form.Text, "publish", note: "First published");
        published.StatusCode.Should().Be(HttpStatusCode.Redirect, WebUtility.HtmlDecode(await published.Content.ReadAsStringAsync()));
        WebUtility.HtmlDecode(await StaffForms.Client(site).GetStringAsync("/guides/chunking-basics")).Should().Contain("Chunking \"basics\"");
        (await other.GetStringAsync(EditorLinks.Draft(draft.Id))).Should().Contain("No such draft", "a published draft is gone");
    }
}
