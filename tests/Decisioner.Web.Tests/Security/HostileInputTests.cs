using System.Net;
using System.Text;
using Decisioner.Tests;

namespace Decisioner.Web.Tests.Security;

/// <summary>
/// Odd and hostile input at every entry that takes it: result links, quiz links and API bodies.
/// Each gets a clear 4xx or a notice, never a 5xx, and nothing it sends comes back as live markup.
/// </summary>
public sealed class HostileInputTests : IClassFixture<HostileInputTests.Site>
{
    public sealed class Site : IDisposable
    {
        // No rate limit here: the fuzz test sends thousands of requests from one client on purpose.
        public SiteFactory Factory { get; } = new(TestPaths.Content, new Dictionary<string, string> { ["Limits:ApiPermitLimit"] = "1000000" });

        public void Dispose() => Factory.Dispose();
    }

    private const string Result = "/quiz/rag-vs-fine-tuning/result";
    private const string Api = "/api/questionnaires/rag-vs-fine-tuning/recommendation";
    private readonly HttpClient _client;

    public HostileInputTests(Site site) => _client = site.Factory.CreateClient();

    public static TheoryData<string> HostileQueries() => new()
    {
        "?gap=<script>alert(1)</script>",
        "?<img src=x onerror=alert(1)>=1",
        "?gap=behavior&gap=both&gap=unsure",
        "?gap=&examples=&=&&&",
        "?gap=" + new string('x', 4000),
        "?" + string.Join('&', Enumerable.Range(0, 200).Select(i => $"k{i}=v{i}")),
        "?gap=%00behavior",
        "?gap=behavior%00",
        "?gap=%C0%AF%FF%FE",
        "?gap=%E2%80%AEroivaheb",
        "?gap=be%E2%80%8Bhavior",
        "?%F0%9F%92%A5=%F0%9F%92%A5",
        "?gap=%0d%0aSet-Cookie:%20x=1",
        "?gap=behavior&presenter=<b>&at=../../etc",
        "?gap=javascript:alert(1)",
        "?gap[]=behavior&gap[0]=both",
        "?GAP=BEHAVIOR",
        "?%",
        "?gap=%",
        "?gap=%%32%65",
        "?examples=50-500;capacity=none",
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task ResultAndQuizLinks_WithHostileQueries_AnswerWithANoticeNeverAnError(string query)
    {
        foreach (var path in new[] { Result, "/quiz/rag-vs-fine-tuning" })
        {
            var response = await _client.GetAsync(path + query);
            var html = await response.Content.ReadAsStringAsync();

            ((int)response.StatusCode).Should().BeLessThan(500, $"{path}{query}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                AssertInert(html);
            }
        }
    }

    public static TheoryData<string, string, int> HostileBodies() => new()
    {
        { "application/json", "{\"answers\":{\"gap\":\"<script>alert(1)</script>\"}}", 400 },
        { "application/json", "{\"answers\":{\"<script>\":\"behavior\"}}", 400 },
        { "application/json", "{\"answers\":{\"gap\":\"behavior\\u0000\"}}", 400 },
        { "application/json", "{\"answers\":{\"gap\":\"be\\u200bhavior\"}}", 400 },
        { "application/json", "{\"answers\":{\"gap\":true}}", 400 },
        { "application/json", "{\"answers\":{\"gap\":{\"$ne\":null}}}", 400 },
        { "application/json", "{\"answers\":\"gap=behavior\"}", 400 },
        { "application/json", "{\"answers\":{\"gap\":1e309}}", 400 },
        { "application/json", "{\"answers\":{\"gap\":\"\\ud800\"}}", 400 },
        { "application/json", "\uFEFF{\"answers\":{}}", 200 },
        { "application/json", "{\"answers\":{},\"answers\":{\"gap\":\"behavior\"}}", 200 },
        { "application/json", "{\"__proto__\":{\"admin\":true},\"answers\":{}}", 200 },
        { "application/json", "{\"answers\":{\"gap\":\"behavior\",}}", 400 },
        { "application/json", "{'answers':{}}", 400 },
        { "application/json", "null", 400 },
        { "application/json", "\"answers\"", 400 },
        { "application/json", new string('[', 100) + new string(']', 100), 400 },
        { "application/json", "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 64)) + "1" + new string('}', 65), 400 },
        { "application/json; charset=utf-16", "{\"answers\":{}}", 200 },
        { "application/problem+json", "{\"answers\":{}}", 200 },
        { "text/json", "{\"answers\":{}}", 415 },
        { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"gap\"\r\n\r\nbehavior\r\n--x--", 415 },
        { "application/xml", "<answers><gap>behavior</gap></answers>", 415 },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task ApiBodies_GetAClear4xxOrAnAnswer_NeverA5xx(string contentType, string body, int expected)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _client.PostAsync(Api, content);

        ((int)response.StatusCode).Should().Be(expected, body);
        if (expected != 200)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }
    }

    [Fact]
    public async Task ApiWithoutAContentType_Is415()
    {
        var response = await _client.PostAsync(Api, new ByteArrayContent(Encoding.UTF8.GetBytes("{\"answers\":{}}")));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    /// <summary>A seeded generator throws 10,000 odd inputs at the result page and the API in-process; none may give a 5xx.</summary>
    [Fact]
    public async Task Fuzz_TenThousandGeneratedInputs_NeverGetA5xx()
    {
        var random = new Random(20261127);
        var failures = new List<string>();
        for (var i = 0; i < 10_000 && failures.Count < 5; i++)
        {
            HttpResponseMessage response;
            string input;
            if (i % 2 == 0)
            {
                input = Result + "?" + string.Join('&', Enumerable.Range(0, random.Next(0, 16)).Select(_ => Pick(random, Keys) + "=" + Uri.EscapeDataString(Pick(random, Values(random)))));
                response = await _client.GetAsync(input);
            }
            else
            {
                input = RandomJson(random, depth: 0);
                var content = new StringContent(input, Encoding.UTF8, "application/json");
                response = await _client.PostAsync(Api, content);
            }

            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {input}");
            }
        }

        failures.Should().BeEmpty();
    }

    private static readonly string[] Keys =
        ["gap", "change-rate", "long-tail", "sources", "documents", "examples", "target-clarity", "evaluation", "prompting",
         "efficiency", "timeline", "capacity", "goal", "at", "presenter", "", "GAP", "gap ", "x", "<b>", "\u202e", "%", "💥", "a=b"];

    private static readonly string[] KnownValues =
        ["behavior", "both", "unsure", "missing-knowledge", "daily", "rarely", "mostly", "required", "none", "under-50", "50-500",
         "over-500", "precise", "automated", "exhausted", "hard-limit", "days", "managed-service", "adapt-models", "1", "true"];

    private static string[] Values(Random random) =>
        [.. KnownValues, "", " ", "\0", "\u200b", "\ud83d\udca5", new string('z', random.Next(1, 3000)), "<script>alert(1)</script>", "javascript:alert(1)", "%00", "../..", "null"];

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string RandomJson(Random random, int depth) => random.Next(10) switch
    {
        0 => "{\"answers\":" + RandomValue(random, depth + 1) + "}",
        1 => RandomValue(random, depth + 1),
        2 => "{\"answers\":{" + string.Join(',', Enumerable.Range(0, random.Next(0, 14)).Select(_ => $"\"{Escape(Pick(random, Keys))}\":\"{Escape(Pick(random, KnownValues))}\"")) + "}",
        3 => new string("{[\"]},:"[random.Next(7)], random.Next(1, 40)),
        _ => "{\"answers\":{" + string.Join(',', Enumerable.Range(0, random.Next(0, 14)).Select(_ => $"\"{Escape(Pick(random, Keys))}\":{RandomValue(random, depth + 1)}")) + "}}",
    };

    private static string RandomValue(Random random, int depth) => (depth > 6 ? random.Next(4) : random.Next(7)) switch
    {
        0 => "\"" + Escape(Pick(random, Values(random))) + "\"",
        1 => "null",
        2 => random.Next(-5, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => random.Next(2) == 0 ? "true" : "false",
        4 => "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => "{" + string.Join(',', Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"\"{Escape(Pick(random, Keys))}\":{RandomValue(random, depth + 1)}")) + "}",
    };

    private static string Escape(string text) => System.Text.Json.JsonEncodedText.Encode(text).ToString();

    private static void AssertInert(string html)
    {
        // Parsed as a browser would: only the site's own external scripts, no event-handler attribute,
        // no script URL and no element that came from the request.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        document.QuerySelectorAll("script").Should().OnlyContain(s => s.HasAttribute("src"));
        document.All.SelectMany(e => e.Attributes).Should().NotContain(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        document.All.SelectMany(e => e.Attributes).Where(a => a.Name is "href" or "src" or "action")
            .Should().NotContain(a => a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        document.QuerySelectorAll("img").Should().BeEmpty();
    }
}
