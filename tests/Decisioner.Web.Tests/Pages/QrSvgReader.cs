using System.Globalization;
using System.Text.RegularExpressions;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Decisioner.Web.Tests.Pages;

/// <summary>
/// Reads a QR code back from the SVG the site draws: the path's rows of dark modules are painted onto a
/// grey-scale bitmap and ZXing's QR reader decodes it, as a phone's camera would from the printed page.
/// The path must be nothing but those rows, so a change in how the code is drawn fails here loudly
/// instead of decoding something else.
/// </summary>
internal static partial class QrSvgReader
{
    private const int PixelsPerModule = 4;

    public static string Decode(string svg)
    {
        var viewBox = ViewBox().Match(svg);
        viewBox.Success.Should().BeTrue("the code is sized by its viewBox: {0}", svg[..Math.Min(200, svg.Length)]);
        var size = int.Parse(viewBox.Groups[1].Value, CultureInfo.InvariantCulture);
        int.Parse(viewBox.Groups[2].Value, CultureInfo.InvariantCulture).Should().Be(size, "a QR code is square");

        var paths = PathData().Matches(svg);
        paths.Should().ContainSingle("the dark modules are one path");
        var data = paths[0].Groups[1].Value;
        var rows = Row().Matches(data);
        string.Concat(rows.Select(r => r.Value)).Should().Be(data, "the path is only rows of modules");

        var side = size * PixelsPerModule;
        var pixels = new byte[side * side];
        Array.Fill(pixels, (byte)255);
        foreach (Match row in rows)
        {
            var x = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
            var y = int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture);
            var width = int.Parse(row.Groups[3].Value, CultureInfo.InvariantCulture);
            for (var py = y * PixelsPerModule; py < (y + 1) * PixelsPerModule; py++)
            {
                Array.Fill(pixels, (byte)0, py * side + x * PixelsPerModule, width * PixelsPerModule);
            }
        }

        var source = new RGBLuminanceSource(pixels, side, side, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        result.Should().NotBeNull("the drawn code must scan");
        return result.Text;
    }

    [GeneratedRegex("viewBox=\"0 0 (\\d+) (\\d+)\"")]
    private static partial Regex ViewBox();

    [GeneratedRegex("<path fill=\"#000\" d=\"([^\"]*)\"")]
    private static partial Regex PathData();

    [GeneratedRegex("M(\\d+) (\\d+)h(\\d+)v1h-\\3z")]
    private static partial Regex Row();
}
