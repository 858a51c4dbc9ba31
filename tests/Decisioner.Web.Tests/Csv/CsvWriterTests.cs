using Decisioner.Web.Csv;

namespace Decisioner.Web.Tests.Csv;

/// <summary>The one CSV writer behind every export: its quoting, and its guard against formula injection.</summary>
public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    public void ACellThatStartsLikeAFormula_IsWrittenAsText(string value, string written)
    {
        CsvWriter.Cell(value).Should().Be(written);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("a=b-c", "a=b-c")]
    [InlineData("one, two", "\"one, two\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void OtherCells_AreQuotedOnlyWhenTheyMustBe(string value, string written)
    {
        CsvWriter.Cell(value).Should().Be(written);
    }

    [Fact]
    public void Rows_AreCommaSeparated_EndInCrLf_AndNullIsEmpty()
    {
        using var text = new StringWriter();
        var csv = new CsvWriter(text);

        csv.Row("section", "key", "value");
        csv.Row("funnel", null, "=cmd");

        text.ToString().Should().Be("section,key,value\r\nfunnel,,'=cmd\r\n");
    }
}
