using System.Security.Cryptography;
using Decisioner.Core.Content;
using Decisioner.Web.Content;

namespace Decisioner.Web.Editing;

/// <summary>Where a saved upload is, and whether these bytes were already there under that name.</summary>
public sealed record SavedImage(string FileName, bool AlreadyThere)
{
    public string Path => ContentValidator.MediaPath + FileName;
}

/// <summary>
/// The folder <c>media/</c> in the content folder, which the site serves at <c>/media</c>. Files are
/// written whole or not at all (a hidden temporary file in the same folder, then moved to its name
/// without overwriting), and a file already there is never replaced.
/// </summary>
public sealed class MediaFolder(ContentStore content)
{
    /// <summary>The absolute path of <c>media/</c>, which may not exist yet.</summary>
    public string Root { get; } = System.IO.Path.Combine(content.Root, ContentValidator.MediaFolder);

    /// <summary>
    /// Makes the folder if it is missing. Never makes the content folder itself: a site whose content
    /// folder is gone says so elsewhere, and an upload then fails rather than starting a new folder.
    /// </summary>
    public void Create()
    {
        if (!Directory.Exists(content.Root))
        {
            throw new DirectoryNotFoundException($"The content folder {content.Root} does not exist.");
        }

        Directory.CreateDirectory(Root);
    }

    /// <summary>
    /// Saves the bytes as <c>stem.ext</c>, or, if a different file has that name, as <c>stem-HASH.ext</c>
    /// with the start of their SHA-256 (longer if need be). The same bytes under the same stem always end
    /// up with the same name, and are written once.
    /// </summary>
    public SavedImage Save(byte[] data, string stem, ImageInfo image)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(image);
        Create();
        var hash = Convert.ToHexStringLower(SHA256.HashData(data));
        string[] names = [$"{stem}.{image.Extension}", $"{stem}-{hash[..8]}.{image.Extension}", $"{stem}-{hash[..16]}.{image.Extension}", $"{stem}-{hash}.{image.Extension}"];
        var temp = System.IO.Path.Combine(Root, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            var written = false;
            foreach (var name in names)
            {
                var target = System.IO.Path.Combine(Root, name);
                if (System.IO.Path.GetDirectoryName(target) != Root)
                {
                    throw new InvalidOperationException("A media file name must not hold a folder.");
                }

                if (Holds(target, data))
                {
                    return new SavedImage(name, AlreadyThere: true);
                }

                if (File.Exists(target) || Directory.Exists(target))
                {
                    continue;
                }

                if (!written)
                {
                    using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        file.Write(data);
                        file.Flush(flushToDisk: true);
                    }

                    written = true;
                }

                try
                {
                    File.Move(temp, target, overwrite: false);
                    return new SavedImage(name, AlreadyThere: false);
                }
                catch (IOException) when (File.Exists(target) || Directory.Exists(target))
                {
                    // Another upload took the name between the look and the move: it may be these very bytes.
                    if (Holds(target, data))
                    {
                        return new SavedImage(name, AlreadyThere: true);
                    }
                }
            }

            throw new IOException($"No free name for {stem}.{image.Extension} in {Root}.");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static bool Holds(string path, byte[] data)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length == data.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(data);
    }
}
