using Decisioner.Core.Checking;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Content;

namespace Decisioner.Web.Editing;

/// <summary>
/// What the site would be with one draft in place of its file: the draft's own problems (line and column),
/// problems it would cause in other files, and for a guide the page as the site would render it. Nothing is
/// written: the content folder is loaded again with the draft's text standing in for the file.
/// </summary>
public sealed record DraftPreview(string Path, string Text, ContentSnapshot Snapshot, IReadOnlyList<ContentDiagnostic> Diagnostics, Guide? Guide)
{
    public IEnumerable<ContentDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>How one persona's result would change: before is null for a persona the draft adds.</summary>
public sealed record PersonaShift(string Name, PersonaResult? Before, PersonaResult After)
{
    public static string Summary(PersonaResult? result) =>
        result is null ? "(new)" : $"{result.Recommendation.Outcome.Id()}, {result.Recommendation.Timing.Id()}, {result.FirstStep?.Id() ?? "none"}";

    /// <summary>Outcome, timing or first step differs from what the persona gets today.</summary>
    public bool Changed => Before is null || Summary(Before) != Summary(After);

    public bool OutcomeChanged => Before is not null && Before.Recommendation.Outcome != After.Recommendation.Outcome;
}

/// <summary>
/// A quiz or persona draft's effect: every persona before and after, the whole answer space before and after, and
/// the answer sets it would make break a rule of the quiz contract (a count, and the first few as examples).
/// </summary>
public sealed record QuizImpact(
    IReadOnlyList<PersonaShift> Personas,
    IReadOnlyDictionary<string, SpaceReport> SpacesBefore,
    IReadOnlyDictionary<string, SpaceReport> SpacesAfter,
    IReadOnlyList<ContentDiagnostic> Violations)
{
    public IReadOnlyList<PersonaShift> Changed => [.. Personas.Where(p => p.Changed)];

    public long ViolationCount => SpacesAfter.Values.Sum(s => s.ViolationCount);

    /// <summary>Publishing this needs the editor's second press: results change, or rules break.</summary>
    public bool NeedsConfirmation => Changed.Count > 0 || ViolationCount > 0;
}

public sealed class DraftCheck(ContentStore store, EditorCheck editorCheck, TimeProvider time)
{
    /// <summary>Loads the content with the draft in place and returns what an editor needs to see as they type.</summary>
    public DraftPreview Preview(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!EditablePath.TryParse(path, out var checkedPath))
        {
            throw new ArgumentException(EditablePath.Reason, nameof(path));
        }

        var current = store.Current;
        var snapshot = ContentLoader.Load(store.Root, time, previous: null, new Dictionary<string, string>(StringComparer.Ordinal) { [checkedPath] = text });

        // The draft's own file, in full; other files only for problems the draft brings (a link to an anchor it removed, say).
        var before = current.Diagnostics.Where(d => d.File != checkedPath).Select(Key).ToHashSet(StringComparer.Ordinal);
        var diagnostics = snapshot.Diagnostics
            .Where(d => d.File == checkedPath || !before.Contains(Key(d)))
            .OrderBy(d => d.File != checkedPath).ThenBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)
            .ToList();
        var guide = EditablePath.KindOf(checkedPath) == EditableKind.Guide ? snapshot.Guides.FirstOrDefault(g => g.SourcePath == checkedPath) : null;
        return new DraftPreview(checkedPath, text, snapshot, diagnostics, guide);
    }

    /// <summary>
    /// For a quiz or persona draft: every persona and the whole answer space, before (the served content) and
    /// after (with the draft), and the answer sets that would break a principle of the contract.
    /// </summary>
    public async Task<QuizImpact?> ImpactAsync(DraftPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var kind = EditablePath.KindOf(preview.Path);
        if (kind is not (EditableKind.Quiz or EditableKind.Personas))
        {
            return null;
        }

        var beforeTask = editorCheck.ForAsync(store.Current);
        var after = await Task.Run(() => ContentCheck.Run(preview.Snapshot));
        var before = await beforeTask;

        var old = before.Personas.GroupBy(p => (p.SourcePath, p.Persona.Name)).ToDictionary(g => g.Key, g => g.First());
        var personas = after.Personas
            .Select(p => new PersonaShift(p.Persona.Name, old.GetValueOrDefault((p.SourcePath, p.Persona.Name)), p))
            .ToList();
        var violations = new List<ContentDiagnostic>();
        foreach (var (id, space) in after.Spaces.Where(s => s.Value.ViolationCount > 0))
        {
            var file = preview.Snapshot.FindQuestionnaire(id)?.SourcePath ?? preview.Path;
            violations.Add(new ContentDiagnostic(file, 1, 1, DiagnosticSeverity.Error,
                $"{space.ViolationCount:N0} of {space.Total:N0} complete answer sets would get a result that breaks a rule of the quiz contract (docs/quiz-rules.md); for example:"));
            violations.AddRange(space.Violations.Take(3).Select(v => new ContentDiagnostic(file, 1, 1, DiagnosticSeverity.Error, v)));
        }

        return new QuizImpact(personas, before.Spaces, after.Spaces, violations);
    }

    private static string Key(ContentDiagnostic d) => d.ToString();
}
