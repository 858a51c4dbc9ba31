using System.Drawing;
using QRCoder;
using QRCoder.Exceptions;

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

    /// <summary>
    /// The SVG element for <paramref name="text"/>, with the quiet zone that scanners need; null when the text
    /// is too long for any QR code (a request with a hostile Host header of thousands of characters, say).
    /// </summary>
    public static string? For(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var generator = new QRCodeGenerator();
        using var data = Encode(generator, text);
        // With the viewBox alone the size is never written out; one unit is one module.
        return data is null ? null : new SvgQRCode(data).GetGraphic(new Size(data.ModuleMatrix.Count, data.ModuleMatrix.Count), "#000", "#fff",
            drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    private static QRCodeData? Encode(QRCodeGenerator generator, string text)
    {
        try
        {
            return generator.CreateQrCode(text, ErrorCorrection);
        }
        catch (DataTooLongException)
        {
            return null;
        }
    }
}
