using System.Text;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// Real images, each 3 by 2 pixels, made by Chromium's encoders (PNG, JPEG, WebP lossy and lossless, WebP
/// extended with alpha) and a GIF written by hand; every one loads in Chromium as 3 by 2.
/// </summary>
internal static class TestImages
{
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAF0lEQVR4AWI6w2D8n2Hm//8gmokBCQAAAAD//3m9zgkAAAAGSURBVAMAfh0GmIHyMBIAAAAASUVORK5CYII=");

    public static readonly byte[] Jpeg = Convert.FromBase64String("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAaEAEAAQUAAAAAAAAAAAAAAAAAAgMEM3Oy/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwf/xAAeEQAABAcAAAAAAAAAAAAAAAAAAQKxAwQFMzRxcv/aAAwDAQACEQMRAD8Am1/njqpcRAHM3l7NxY6bhweUsQ//2Q==");

    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAwACAIAAAMwAMwCZ/ywAAAAAAwACAAACBAwYECgAOw==");

    /// <summary>Lossy: one VP8 chunk.</summary>
    public static readonly byte[] WebP = Convert.FromBase64String("UklGRlYAAABXRUJQVlA4IEoAAABwAgCdASoDAAIAAUAmJagCdEcAZIB+gALdrLwsAP713+G/+niR/A8CE6pF+YsEJcn/7iH/0YFO/H//4kL//cQ/+jAp34//hAgAAA==");

    /// <summary>Lossless: one VP8L chunk.</summary>
    public static readonly byte[] WebPLossless = Convert.FromBase64String("UklGRiIAAABXRUJQVlA4TBUAAAAvAkAAAA/ws8xhPs3//EcLWhDR/wAA");

    /// <summary>Extended (VP8X), with a colour profile and alpha, as Chromium writes it.</summary>
    public static readonly byte[] WebPExtended = Convert.FromBase64String("UklGRkwCAABXRUJQVlA4WAoAAAAwAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZBTFBIBwAAAAD//////wAAVlA4IE4AAACQAgCdASoDAAIAAUAmJagCdEcAZIB+gALdntvgAAD+8uQhZ/ouQyJDz+YsEJ1SL8xYIS5P/3EP/owKd+P//xIX/+4h/9GBTvx//CBAAAA=");

    public static readonly byte[] Svg = Encoding.UTF8.GetBytes("\uFEFF<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\" height=\"2\"><script>alert(1)</script></svg>");

    public static byte[] Named(string name) => name switch
    {
        "png" => Png,
        "jpeg" => Jpeg,
        "gif" => Gif,
        "webp" => WebP,
        "webp-lossless" => WebPLossless,
        "webp-extended" => WebPExtended,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The PNG with bytes after its end: still a PNG, but not the same bytes.</summary>
    public static byte[] PngVariant(int size, byte fill = 0x55)
    {
        var data = new byte[size];
        Png.CopyTo(data, 0);
        data.AsSpan(Png.Length).Fill(fill);
        return data;
    }
}
