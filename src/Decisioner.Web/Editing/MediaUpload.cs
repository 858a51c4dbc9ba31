using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Decisioner.Core.Content;
using Decisioner.Web.Content;

namespace Decisioner.Web.Editing;

/// <summary>The image types an editor may upload.</summary>
public enum ImageKind
{
    Png,
    Jpeg,
    Gif,
    WebP,
}

/// <summary>What the content of an upload says it is: its type and its size in pixels.</summary>
public sealed record ImageInfo(ImageKind Kind, int Width, int Height)
{
    /// <summary>The type's usual name.</summary>
    public string Name => Kind switch
    {
        ImageKind.Png => "PNG",
        ImageKind.Jpeg => "JPEG",
        ImageKind.Gif => "GIF",
        _ => "WebP",
    };

    /// <summary>The extension the saved file gets: from the content, never from the uploaded name.</summary>
    public string Extension => Kind switch
    {
        ImageKind.Png => "png",
        ImageKind.Jpeg => "jpg",
        ImageKind.Gif => "gif",
        _ => "webp",
    };
}

/// <summary>
/// The parts of an image upload that need no request: what the bytes are (read from their content, not
/// from a name or a media type), a safe name for them, and the alt text of the markdown handed back.
/// </summary>
public static class MediaUpload
{
    /// <summary>Longest stem kept from an uploaded name, before any suffix.</summary>
    public const int MaxStemLength = 60;

    /// <summary>Longest alt text kept.</summary>
    public const int MaxAltLength = 200;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static readonly string[] ReservedOnWindows =
    [
        "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];

    /// <summary>
    /// A PNG, JPEG, GIF or WebP image whose header reads as far as its width and height, or null with the
    /// reason in words. SVG is named as such and refused: it is a document that can carry script.
    /// </summary>
    public static ImageInfo? Inspect(ReadOnlySpan<byte> data, out string reason)
    {
        reason = "";
        if (data.IsEmpty)
        {
            reason = "The file is empty.";
            return null;
        }

        if (data.StartsWith(PngSignature))
        {
            return Png(data, out reason);
        }

        if (data.StartsWith(JpegStart))
        {
            return Jpeg(data, out reason);
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return Gif(data, out reason);
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP(data, out reason);
        }

        reason = LooksLikeSvg(data)
            ? "SVG images are not accepted: an SVG file can carry script. Export it as PNG and upload that."
            : "The file is not a PNG, JPEG, GIF or WebP image. Its content was checked, not its name.";
        return null;
    }

    /// <summary>
    /// The stem of a saved file, from the name it was uploaded with: lower-case ASCII letters, digits and
    /// single hyphens, at most <see cref="MaxStemLength"/> characters. Percent escapes are decoded once and
    /// every folder part dropped, as is the extension the name claims; accents are dropped from letters and
    /// anything else becomes a hyphen. A name with nothing left, or one Windows keeps for a device
    /// (<c>CON</c>, <c>LPT1</c>), becomes "image" or gets "-image" added.
    /// </summary>
    public static string SafeStem(string? uploadedName)
    {
        var name = Uri.UnescapeDataString(uploadedName ?? "");
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0)
        {
            name = name[..dot];
        }

        var stem = new StringBuilder(name.Length);
        foreach (var c in Decompose(name))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                stem.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                stem.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // The accent of a letter already written: "é" is "e" and this mark.
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
        }

        var safe = stem.ToString().Trim('-');
        if (safe.Length > MaxStemLength)
        {
            safe = safe[..MaxStemLength].TrimEnd('-');
        }

        if (safe.Length == 0)
        {
            return "image";
        }

        return ReservedOnWindows.Contains(safe, StringComparer.Ordinal) ? safe + "-image" : safe;
    }

    /// <summary>
    /// The alt text of the markdown: the one given, on one line, without the brackets and backslashes that
    /// would end or escape it; when none is given, the file's stem in words.
    /// </summary>
    public static string AltText(string? given, string stem)
    {
        var alt = new StringBuilder();
        foreach (var c in given ?? "")
        {
            if (c is '[' or ']' or '\\')
            {
                continue;
            }

            var space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (space && (alt.Length == 0 || alt[^1] == ' '))
            {
                continue;
            }

            alt.Append(space ? ' ' : c);
        }

        var text = alt.ToString().Trim();
        if (text.Length > MaxAltLength)
        {
            text = text[..MaxAltLength].TrimEnd();
        }

        return text.Length > 0 ? text : stem.Replace('-', ' ');
    }

    private static string Decompose(string name)
    {
        try
        {
            return name.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            // Not valid Unicode (a lone surrogate): each odd character becomes a hyphen as it is.
            return name;
        }
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> data)
    {
        var start = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('<') && start.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    private static ImageInfo? Damaged(string type, out string reason)
    {
        reason = $"The file starts like a {type} image, but its header is cut short or damaged, so its size cannot be read.";
        return null;
    }

    private static ImageInfo? Sized(ImageKind kind, long width, long height, out string reason)
    {
        if (width is <= 0 or > int.MaxValue || height is <= 0 or > int.MaxValue)
        {
            return Damaged(new ImageInfo(kind, 0, 0).Name, out reason);
        }

        reason = "";
        return new ImageInfo(kind, (int)width, (int)height);
    }

    /// <summary>The signature, then the IHDR chunk, which must come first: 13 bytes, width and height first.</summary>
    private static ImageInfo? Png(ReadOnlySpan<byte> data, out string reason)
    {
        if (data.Length < 24 || BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return Damaged("PNG", out reason);
        }

        return Sized(ImageKind.Png, BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]), out reason);
    }

    /// <summary>The header, then the logical screen's width and height (little-endian).</summary>
    private static ImageInfo? Gif(ReadOnlySpan<byte> data, out string reason)
    {
        if (data.Length < 10)
        {
            return Damaged("GIF", out reason);
        }

        return Sized(ImageKind.Gif, BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]), out reason);
    }

    /// <summary>
    /// The segments from the start of the image to its first start-of-frame, which holds the height and
    /// width. Reaching the scan or the end first, or a segment running past the file, is damage.
    /// </summary>
    private static ImageInfo? Jpeg(ReadOnlySpan<byte> data, out string reason)
    {
        var at = 2;
        while (at + 1 < data.Length)
        {
            if (data[at] != 0xFF)
            {
                break;
            }

            // Any number of 0xFF fill bytes may come before a marker.
            while (at + 1 < data.Length && data[at + 1] == 0xFF)
            {
                at++;
            }

            if (at + 1 >= data.Length)
            {
                break;
            }

            var marker = data[at + 1];
            at += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // markers without a length
            }

            if (marker is 0xD8 or 0xD9 or 0xDA || at + 2 > data.Length)
            {
                break; // another start, the end or the scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
            if (length < 2 || at + length > data.Length)
            {
                break;
            }

            // Start-of-frame markers: C0-CF except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7)
                {
                    break;
                }

                return Sized(ImageKind.Jpeg, BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(at + 3)..]), out reason);
            }

            at += length;
        }

        return Damaged("JPEG", out reason);
    }

    /// <summary>The RIFF container, then the first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X).</summary>
    private static ImageInfo? WebP(ReadOnlySpan<byte> data, out string reason)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffSize < 4 || riffSize + 8L > data.Length || data.Length < 30)
        {
            return Damaged("WebP", out reason);
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8 "u8) && data[23] == 0x9D && data[24] == 0x01 && data[25] == 0x2A)
        {
            return Sized(ImageKind.WebP, BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF, out reason);
        }

        if (chunk.SequenceEqual("VP8L"u8) && data[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return Sized(ImageKind.WebP, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, out reason);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            return Sized(ImageKind.WebP, ReadUInt24(data[24..]) + 1L, ReadUInt24(data[27..]) + 1L, out reason);
        }

        return Damaged("WebP", out reason);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);
}

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
