using System.Buffers.Binary;
using System.Text;

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
/// What the bytes of an upload are, read from their content and never from a name or a media type: the
/// image type and its width and height, from the header of a PNG, JPEG, GIF or WebP file.
/// </summary>
public static class ImageFormat
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

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
