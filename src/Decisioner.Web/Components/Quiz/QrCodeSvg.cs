using System.Drawing;
using QRCoder;

namespace Decisioner.Web.Components.Quiz;

/// <summary>
/// A QR code drawn on the server as inline SVG markup: one white square and one black path, sized by
/// the page's stylesheet through its viewBox. Nothing is fetched from anywhere, and the markup has no
/// script or style attribute, so the site's Content-Security-Policy has nothing to object to.
/// </summary>
public static class QrCodeSvg
{
    /// <summary>
    /// Medium error correction: a printed code still scans with a crease or a smudge across up to about
    /// 15% of it. A result link with every question answered, on a short host name, is 77 modules square.
    /// </summary>
    public const QRCodeGenerator.ECCLevel ErrorCorrection = QRCodeGenerator.ECCLevel.M;

    /// <summary>The SVG element for <paramref name="text"/>, with the quiet zone that scanners need.</summary>
    public static string For(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, ErrorCorrection);
        // The size only matters with width/height attributes; with the viewBox alone, one unit is one module.
        return new SvgQRCode(data).GetGraphic(new Size(data.ModuleMatrix.Count, data.ModuleMatrix.Count), "#000", "#fff",
            drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
