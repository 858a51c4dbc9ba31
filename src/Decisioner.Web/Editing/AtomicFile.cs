using System.Text;

namespace Decisioner.Web.Editing;

/// <summary>
/// Replaces a file so that a reader, or a process killed half-way, sees either the old text or the new one and
/// never part of one: the text goes to a hidden temporary file in the same folder, is flushed to disk, and
/// then takes the file's name in one rename. The content loader skips names that start with a dot, so a
/// temporary file left by a killed process is never served; the next write clears such leftovers.
/// </summary>
public static class AtomicFile
{
    private const string TempSuffix = ".publishing";

    public static void Write(string fullPath, string text)
    {
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("no folder", nameof(fullPath));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        ClearLeftovers(folder, Path.GetFileName(fullPath));
    }

    /// <summary>Temporary files of this name that an earlier, interrupted write left behind.</summary>
    private static void ClearLeftovers(string folder, string name)
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, $".{name}.*{TempSuffix}"))
        {
            if (File.GetLastWriteTimeUtc(leftover) < DateTime.UtcNow.AddMinutes(-1))
            {
                TryDelete(leftover);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next write to clear; the loader never reads it.
        }
    }
}
