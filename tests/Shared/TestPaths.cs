namespace Decisioner.Tests;

/// <summary>Where the repository and its shipped content are, found from the test's own output folder.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Content => Path.Combine(RepoRoot, "content");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Decisioner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Decisioner.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A content folder in the temp directory, deleted when disposed: real files on disk for loader and site tests.</summary>
internal sealed class TempContent : IDisposable
{
    private TempContent(string root) => Root = root;

    public string Root { get; }

    /// <summary>An empty folder.</summary>
    public static TempContent Empty()
    {
        var root = Path.Combine(Path.GetTempPath(), "decisioner-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new TempContent(root);
    }

    /// <summary>A copy of the repository's shipped content, for tests that change or break one file.</summary>
    public static TempContent CopyOfShipped()
    {
        var temp = Empty();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Content, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(temp.Root, Path.GetRelativePath(TestPaths.Content, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return temp;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempContent Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a server being shut down; the temp folder is cleaned by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
