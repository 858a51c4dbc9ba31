using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;
using Decisioner.Web.Security;

namespace Decisioner.Web.Tests.Pages;

/// <summary>
/// The printed result (issue 21, "Printable handout"): the answers in brief, the link as text and as a QR
/// code drawn on the server, and the course, for anyone. The code is read back with a QR reader and must
/// be the answers-only link, absolute, for the host that asked, even when the page comes from the cache.
/// </summary>
public sealed class ResultHandoutTests(ShippedSite site) : IClassFixture<ShippedSite>
{
    private static readonly Questionnaire Quiz = ShippedQuiz.Questionnaire;

    public static TheoryData<string> Personas() => [.. HandoutPersonas.Varied().Select(e => e.PersonaName)];

    private static HandoutPersonas.Example Persona(string name) => HandoutPersonas.Varied().Single(e => e.PersonaName == name);

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task Result_CarriesTheHandout_WithAQrCodeThatReadsAsTheAnswersOnlyLink_AndSetsNoCookie(string persona)
    {
        var example = Persona(persona);
        using var response = await site.Factory.CreateClient().GetAsync(example.ResultPath);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").Should().BeFalse("the result page is public and sets no cookie");
        var page = Parse(await response.Content.ReadAsStringAsync());

        var expected = "http://localhost" + example.ResultPath;
        var link = page.QuerySelector(".handout-link")!;
        QrSvgReader.Decode(link.QuerySelector(".qr svg")!.OuterHtml).Should().Be(expected);
        link.QuerySelector(".handout-url")!.TextContent.Should().Be(expected, "the link is printed beside its code as its text alternative");
        link.QuerySelector(".qr")!.GetAttribute("role").Should().Be("img");
        link.QuerySelector(".qr")!.GetAttribute("aria-label").Should().NotBeNullOrWhiteSpace();
        link.ClassList.Should().NotContain("on-screen", "outside presenter mode the code is for paper only");

        // The answers in brief: each answered question's short label and answer, in the quiz's order.
        var answered = Quiz.Questions.Where(q => example.Result.Answers.Get(q) is not null).ToList();
        var terms = page.QuerySelectorAll(".answers-brief dt").Select(dt => dt.TextContent).ToList();
        var answers = page.QuerySelectorAll(".answers-brief dd").Select(dd => dd.TextContent).ToList();
        terms.Should().Equal(answered.Select(q => q.Label));
        answers.Select(a => a.Replace(" (set aside)", "", StringComparison.Ordinal)).Should().Equal(answered.Select(q => example.Result.Answers.Get(q)!.Text));

        var course = page.QuerySelector(".handout-course");
        if (example.Result.Course is { } fit)
        {
            var shipped = ShippedQuiz.Content.Site.FindCourse(fit.CourseId)!;
            course!.TextContent.Should().Contain(shipped.Title).And.Contain("http://localhost" + shipped.Url);
        }
        else
        {
            course.Should().BeNull();
        }
    }

    [Fact]
    public async Task Presenter_ShowsTheCodeOnScreen_ButTheLinkLeavesPresenterModeAndJunkOut()
    {
        var example = HandoutPersonas.Varied()[0];
        // A name, an email and script slipped into the address are not answers: they never reach the link.
        var path = example.ResultPath + "&presenter=1&name=Jane+Doe&email=jane%40example.com&%3Cscript%3E=1";

        using var response = await site.Factory.CreateClient().GetAsync(path);
        var page = Parse(await response.Content.ReadAsStringAsync());

        var link = page.QuerySelector(".handout-link")!;
        link.ClassList.Should().Contain("on-screen", "in presenter mode the prospect can scan the code from the shared screen");
        var decoded = QrSvgReader.Decode(link.QuerySelector(".qr svg")!.OuterHtml);
        decoded.Should().Be("http://localhost" + example.ResultPath);
        decoded.Should().NotContain("presenter").And.NotContain("Jane").And.NotContain("@").And.NotContain("%40").And.NotContain("script").And.NotContain("name=").And.NotContain("email");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task CachedPage_NeverCarriesAnotherHostsLink()
    {
        var path = HandoutPersonas.Varied()[1].ResultPath;
        var first = Client("http://first.example");
        var second = Client("https://second.example");

        // Filled by the first host, asked again from the cache, then asked by another host and scheme.
        await first.GetStringAsync(path);
        using var cached = await first.GetAsync(path);
        cached.Headers.Age.Should().NotBeNull("the second request is served from the page cache");
        LinkIn(await cached.Content.ReadAsStringAsync()).Should().Be("http://first.example" + path);

        using var other = await second.GetAsync(path);
        var html = await other.Content.ReadAsStringAsync();
        LinkIn(html).Should().Be("https://second.example" + path);
        html.Should().NotContain("first.example", "the cache keys on scheme and host, so one host's page is never served to another");

        using var again = await second.GetAsync(path);
        again.Headers.Age.Should().NotBeNull();
        LinkIn(await again.Content.ReadAsStringAsync()).Should().Be("https://second.example" + path);
    }

    [Fact]
    public async Task HostTooLongForAnyQrCode_GetsThePageWithTheLinkAsText_NotAnError()
    {
        // Thousands of characters of Host header: more than the largest QR code holds.
        var host = string.Join('.', Enumerable.Repeat(new string('a', 60), 50)) + ".example";
        var path = HandoutPersonas.Varied()[0].ResultPath;

        using var response = await Client("http://" + host).GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var link = Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".handout-link")!;
        link.QuerySelector(".qr").Should().BeNull();
        link.QuerySelector(".handout-url")!.TextContent.Should().Be($"http://{host}{path}");
        link.TextContent.Should().Contain("Type this address:").And.NotContain("Scan");
    }

    [Fact]
    public async Task QrCode_IsInlineSvgWithNothingLoadedFromElsewhere_UnderTheSitesPolicy()
    {
        using var response = await site.Factory.CreateClient().GetAsync(HandoutPersonas.Varied()[0].ResultPath);
        var page = Parse(await response.Content.ReadAsStringAsync());
        var svg = page.QuerySelector(".handout-link .qr svg")!;

        response.Headers.GetValues("Content-Security-Policy").Should().Equal(SecurityHeaders.ContentSecurityPolicy);
        svg.QuerySelectorAll("*").Select(e => e.LocalName).Distinct().Should().BeEquivalentTo(["rect", "path"], "a square and the modules, no image, script or link");
        svg.QuerySelectorAll("*").Append(svg).SelectMany(e => e.Attributes).Select(a => a.Name)
            .Should().NotContain(name => name == "style" || name.EndsWith("href", StringComparison.Ordinal) || name.StartsWith("on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrintButton_IsARealButton_AndWithoutScriptThePageSaysHowToPrint()
    {
        var page = Parse(await site.Factory.CreateClient().GetStringAsync(HandoutPersonas.Varied()[0].ResultPath));

        var button = page.QuerySelector("button[data-print]")!;
        button.TextContent.Should().Be("Print this result");
        button.GetAttribute("type").Should().Be("button");
        // Shown only when scripting is off (nojs.css); the browser test checks that it shows.
        page.QuerySelector(".share .nojs-only")!.TextContent.Should().Contain("Print command").And.Contain("Ctrl+P");
    }

    [Fact]
    public async Task SetAsideAnswer_IsMarkedInTheBrief()
    {
        // The news arrives with each request, so how often it changes is set aside (persona "daily news digest").
        var path = QuizAddress.ResultPath(Quiz) + "?gap=behavior&facts-in-input=all&change-rate=daily";
        var page = Parse(await site.Factory.CreateClient().GetStringAsync(path));

        var line = page.QuerySelectorAll(".answers-brief div").Single(d => d.QuerySelector("dt")!.TextContent == Quiz.FindQuestion("change-rate")!.Label);
        line.QuerySelector("dd")!.TextContent.Should().EndWith("(set aside)");
    }

    private HttpClient Client(string baseAddress)
    {
        var client = site.Factory.CreateClient();
        client.BaseAddress = new Uri(baseAddress);
        return client;
    }

    private static string LinkIn(string html) => QrSvgReader.Decode(Parse(html).QuerySelector(".handout-link .qr svg")!.OuterHtml);

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
