namespace Decisioner.Web.Data;

/// <summary>
/// One counter: how many times <see cref="Metric"/> (for <see cref="Key"/>, a question or an option
/// or an outcome) happened on a day, for one version of one quiz, in ordinary or presenter sessions.
/// There is no row per visitor and nothing that could name one.
/// </summary>
public sealed class QuizCount
{
    public DateOnly Day { get; set; }

    public string Quiz { get; set; } = "";

    /// <summary>The quiz file's content hash, short: figures from different wordings are kept apart.</summary>
    public string Version { get; set; } = "";

    /// <summary>Sessions in presenter mode (staff with a prospect) are counted apart from learners'.</summary>
    public bool Presenter { get; set; }

    public string Metric { get; set; } = "";

    public string Key { get; set; } = "";

    public long Count { get; set; }
}
