namespace Decisioner.Core.Content;

/// <summary>How serious a content problem is: an error keeps the file from being served, a warning does not.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>One problem found in a content file, positioned the way editors' tools and CI read it.</summary>
/// <param name="File">The path of the file, relative to the content folder, with forward slashes.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record ContentDiagnostic(string File, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Formats as <c>path:line:col: error|warning: message</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}";
}

/// <summary>Collects the diagnostics of one file.</summary>
public sealed class DiagnosticList(string file)
{
    private readonly List<ContentDiagnostic> _items = [];

    public string File { get; } = file;

    public IReadOnlyList<ContentDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(int line, int column, string message) =>
        _items.Add(new ContentDiagnostic(File, Math.Max(1, line), Math.Max(1, column), DiagnosticSeverity.Error, message));

    /// <summary>Takes over what another list of the same file found.</summary>
    public void AddRange(DiagnosticList other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _items.AddRange(other.Items);
    }

    public void Warning(int line, int column, string message) =>
        _items.Add(new ContentDiagnostic(File, Math.Max(1, line), Math.Max(1, column), DiagnosticSeverity.Warning, message));
}
