using LibGit2Sharp;

namespace Decisioner.Web.Editing;

/// <summary>
/// Commits a published file when the content folder is itself a git repository (it has its own <c>.git</c>),
/// with the editor as author. It never pushes, pulls or touches other files: an operator decides when the
/// repository is shared. A content folder inside some other repository (the site's own source, say) is left alone.
/// </summary>
public sealed partial class ContentGit(ILogger<ContentGit> logger)
{
    /// <summary>The new commit's id, or null when the folder is no repository or the commit failed (logged).</summary>
    public string? Commit(string root, string path, string authorName, string authorEmail, string message, DateTimeOffset when)
    {
        if (!Directory.Exists(Path.Combine(root, ".git")) || !Repository.IsValid(root))
        {
            return null;
        }

        try
        {
            using var repository = new Repository(root);
            Commands.Stage(repository, path);
            var author = new Signature(authorName, authorEmail, when);
            var commit = repository.Commit(message, author, author, new CommitOptions { AllowEmptyCommit = false });
            return commit.Sha;
        }
        catch (EmptyCommitException)
        {
            // The repository already had this text (restored to what was committed, say): nothing to record.
            return null;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or IOException or DllNotFoundException or TypeInitializationException)
        {
            // The file is published either way; the history in the database has it. Say why git does not.
            LogCommitFailed(path, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Published {Path}, but could not commit it to the content repository: {Reason}")]
    private partial void LogCommitFailed(string path, string reason);
}
