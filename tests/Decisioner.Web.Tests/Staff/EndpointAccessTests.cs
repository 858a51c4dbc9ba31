using System.Net;
using System.Security.Claims;
using Decisioner.Tests;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Staff;

/// <summary>
/// Secure by default, checked against every endpoint the site maps (read from its endpoint data source,
/// not from a list kept by hand): each one is either public on purpose, listed below with the reason,
/// or refused to a visitor who is not signed in, to an account without a role, to an account still on
/// its printed password, and to every role it is not for. A page or endpoint added later fails this
/// test until it is given its rule here, and one under /staff without any attribute is refused anyway
/// (the staff-area rule every mapping puts on it).
/// </summary>
public sealed class EndpointAccessTests : IDisposable
{
    // Diagnostics on, so /diagnostics/memory is mapped and walked too.
    private readonly SiteFactory _site = new(TestPaths.Content, new Dictionary<string, string> { ["Diagnostics:Enabled"] = "true" });

    /// <summary>Route patterns anyone may open, and why.</summary>
    private static readonly Dictionary<string, string> Public = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/"] = "home page",
        ["/guides"] = "guides",
        ["/guides/{slug}"] = "a guide",
        ["/courses"] = "course catalogue",
        ["/search"] = "site search",
        ["/quiz/{Id}"] = "the quiz",
        ["/quiz/{Id}/result"] = "quiz results",
        ["/not-found"] = "the 404 page",
        ["/error"] = "the error page",
        ["/health/live"] = "health checks",
        ["/health/ready"] = "health checks",
        ["/api/questionnaires"] = "public JSON API",
        ["/api/questionnaires/{id}"] = "public JSON API",
        ["/api/questionnaires/{id}/recommendation"] = "public JSON API",
        [StaffAccounts.SignInPath] = "the way in",
        [StaffPasskeys.RequestOptionsPath] = "a passkey challenge for the sign-in page (names no account; a post with an antiforgery token)",
        [StaffAccounts.SignOutPath] = "the way out (a post with an antiforgery token; does nothing for a visitor)",
        ["/{**path:file}"] = "the framework's fallback for a file that does not exist: a 404",
    };

    /// <summary>Framework endpoints: the interactive quiz's connection and the script's own helpers.</summary>
    private static bool IsFramework(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework/", StringComparison.Ordinal);

    /// <summary>Which accounts each protected endpoint is for ("any" = any signed-in account, even without a role or its own password).</summary>
    private static readonly Dictionary<string, string[]> For = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/staff"] = ["admin", "admissions", "editor"],
        ["/staff/analytics"] = ["admin", "admissions"],
        ["/staff/analytics.csv"] = ["admin", "admissions"],
        ["/editor"] = ["admin", "editor"],
        ["/editor/edit"] = ["admin", "editor"],
        ["/editor/history"] = ["admin", "editor"],
        ["/editor/new"] = ["admin", "editor"],
        ["/editor/drafts/{Id:guid}"] = ["admin", "editor"],
        [Decisioner.Web.Editing.EditorLinks.PreviewApi] = ["admin", "editor"],
        [Decisioner.Web.Editing.EditorLinks.ImpactApi] = ["admin", "editor"],
        [Decisioner.Web.Editing.EditorLinks.DraftApi] = ["admin", "editor"],
        [Decisioner.Web.Editing.EditorLinks.PublishApi] = ["admin", "editor"],
        [Decisioner.Web.Editing.MediaEndpoints.UploadPath] = ["admin", "editor"],
        ["/staff/accounts"] = ["admin"],
        ["/staff/desk"] = ["admin", "admissions"],
        ["/staff/desk/new"] = ["admin", "admissions"],
        ["/staff/desk/{Id:guid}"] = ["admin", "admissions"],
        [Decisioner.Web.Desk.DeskEndpoints.ExportPath] = ["admin", "admissions"],
        ["/staff/audit"] = ["admin"],
        ["/staff/audit.csv"] = ["admin"],
        ["/diagnostics/memory"] = ["admin"],
        [StaffPasskeys.PagePath] = ["admin", "admissions", "editor"],
        [StaffPasskeys.CreationOptionsPath] = ["admin", "admissions", "editor"],
        [StaffAccounts.PasswordPath] = ["any"],
        [StaffAccounts.DeniedPath] = ["any"],
    };

    /// <summary>An address to ask for a pattern with parameters (a session that does not exist: the page says so).</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/staff/desk/{Id:guid}"] = "/staff/desk/" + Guid.Empty.ToString("D"),
        ["/editor/edit"] = "/editor/edit?file=guides/rag-vs-fine-tuning.md",
        ["/editor/history"] = "/editor/history?file=guides/rag-vs-fine-tuning.md",
        ["/editor/drafts/{Id:guid}"] = "/editor/drafts/" + Guid.Empty.ToString("D"),
    };

    [Fact]
    public async Task EveryEndpoint_IsPublicOnPurpose_OrRefusedToAnyoneItIsNotFor()
    {
        _site.CreateClient();
        var endpoints = _site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsStaticAsset(e))
            .Select(e => (Pattern: "/" + (e.RoutePattern.RawText ?? "").Trim('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .DistinctBy(e => e.Pattern)
            .ToList();
        endpoints.Should().Contain(e => e.Pattern == "/staff/accounts", "the walk sees the pages as well as the minimal endpoints");

        var unclassified = endpoints.Where(e => !Public.ContainsKey(e.Pattern) && !IsFramework(e.Pattern) && !For.ContainsKey(e.Pattern)).Select(e => e.Pattern).ToList();
        unclassified.Should().BeEmpty("every endpoint is either public on purpose or has the accounts it is for written down here");

        // The staff-area rule is on every endpoint in the area, and public endpoints carry no rule at all, so
        // the authorization middleware has nothing to evaluate for them.
        var all = _site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Where(e => !IsStaticAsset(e)).ToList();
        all.Where(e => StaffArea.Contains(e.RoutePattern) && !CarriesAreaRule(e)).Select(e => e.RoutePattern.RawText)
            .Should().BeEmpty("every endpoint under /staff, /editor and /account is mapped with RequireStaffAreaRule()");
        all.Where(e => !StaffArea.Contains(e.RoutePattern) && Public.ContainsKey("/" + (e.RoutePattern.RawText ?? "").Trim('/')) && e.Metadata.GetMetadata<IAuthorizeData>() is not null)
            .Select(e => e.RoutePattern.RawText).Should().BeEmpty("a public endpoint asks nothing of authorization");

        var visitors = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = StaffSignIn.Client(_site),
            ["no role"] = await NoRoleAsync(),
            ["printed password"] = await PrintedAsync(),
            ["admin"] = await StaffSignIn.AsAsync(_site, "admin"),
            ["admissions"] = await StaffSignIn.AsAsync(_site, "admissions"),
            ["editor"] = await StaffSignIn.AsAsync(_site, "editor"),
        };

        var wrong = new List<string>();
        foreach (var (pattern, methods) in endpoints.Where(e => For.ContainsKey(e.Pattern)))
        {
            var method = methods.Contains("GET") ? HttpMethod.Get : new HttpMethod(methods[0]);
            foreach (var (who, client) in visitors)
            {
                var allowed = For[pattern].Contains(who) || (For[pattern].Contains("any") && who != "anonymous");
                using var request = new HttpRequestMessage(method, Samples.GetValueOrDefault(pattern, pattern));
                var response = await client.SendAsync(request);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString is var to
                        && (to.Contains(StaffAccounts.SignInPath, StringComparison.Ordinal) || to.Contains(StaffAccounts.DeniedPath, StringComparison.Ordinal)));
                // A post sent bare (no form, no antiforgery token) that gets past authorization answers its own
                // 4xx; a page or a download answers 200.
                var passed = method == HttpMethod.Get ? response.StatusCode == HttpStatusCode.OK : !refused && (int)response.StatusCode < 500;
                if (allowed ? !passed : !refused)
                {
                    wrong.Add($"{method} {pattern} as {who}: {(int)response.StatusCode} {response.Headers.Location} (expected {(allowed ? "to get past authorization" : "a refusal")})");
                }
            }
        }

        wrong.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/staff/new-page")]
    [InlineData("editor/{id}")]
    [InlineData("/account/settings")]
    public async Task AnEndpointInTheStaffArea_WithNoAttributeOfItsOwn_IsOpenOnlyToStaffMembers(string route)
    {
        // What the mapping does to a page added later without any [Authorize] of its own.
        var endpoint = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse(route), 0);
        var conventions = new Conventions().RequireStaffAreaRule();
        conventions.Apply(endpoint);
        var policy = await AuthorizationPolicy.CombineAsync(_site.Services.GetRequiredService<IAuthorizationPolicyProvider>(), endpoint.Metadata.OfType<IAuthorizeData>());
        policy.Should().NotBeNull("the rule is on the endpoint");

        var authorization = _site.Services.GetRequiredService<IAuthorizationService>();
        async Task<bool> Allowed(ClaimsPrincipal user) => (await authorization.AuthorizeAsync(user, new DefaultHttpContext(), policy!)).Succeeded;
        (await Allowed(new ClaimsPrincipal(new ClaimsIdentity()))).Should().BeFalse("a visitor is not signed in");
        (await Allowed(Account())).Should().BeFalse("an account without a role");
        (await Allowed(Account(StaffRoles.Admin, printed: true))).Should().BeFalse("an admin still on the printed password");
        foreach (var role in StaffRoles.All)
        {
            (await Allowed(Account(role))).Should().BeTrue($"a member of staff ({role})");
        }
    }

    [Theory]
    [InlineData("/guides/{slug}")]
    [InlineData("/staffroom")]
    [InlineData("/accounts-of-rag")]
    public void AnEndpointOutsideTheStaffArea_GetsNoRule(string route)
    {
        var endpoint = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse(route), 0);
        new Conventions().RequireStaffAreaRule().Apply(endpoint);
        endpoint.Metadata.Should().BeEmpty();
    }

    [Fact]
    public async Task APathThatIsNoPage_IsA404ForEveryone_InTheStaffAreaToo()
    {
        // Nothing to protect and nothing revealed: the same not-found page as anywhere else.
        (await StaffSignIn.Client(_site).GetAsync("/staff/not-a-page")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await PrintedAsync()).GetAsync("/staff/not-a-page")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await StaffSignIn.Client(_site).GetAsync("/no-such-page")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await StaffSignIn.Client(_site).GetAsync("/no-such-file.css")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StaffPages_AreNeverCompressed_PublicPagesAre()
    {
        var admin = await StaffSignIn.AsAsync(_site, "admin");
        using var staff = new HttpRequestMessage(HttpMethod.Get, "/staff/accounts");
        staff.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var staffResponse = await admin.SendAsync(staff);
        staffResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        staffResponse.Content.Headers.ContentEncoding.Should().BeEmpty("a staff page carries secrets and echoes its query: no BREACH oracle");

        using var guide = new HttpRequestMessage(HttpMethod.Get, "/guides/rag-vs-fine-tuning");
        guide.Headers.AcceptEncoding.ParseAdd("br, gzip");
        (await admin.SendAsync(guide)).Content.Headers.ContentEncoding.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("/staff")]
    [InlineData("/guides/rag-vs-fine-tuning")]
    public async Task ASignedInMemberOfStaff_GetsNoCookieOnPublicPages_OnlyOnStaffPages(string path)
    {
        var admin = await StaffSignIn.AsAsync(_site, "admin");

        var response = await admin.GetAsync(path);

        var renewed = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("decisioner-staff=", StringComparison.Ordinal));
        renewed.Should().Be(path == "/staff", "the account is checked (and its cookie renewed) on staff requests only");
    }

    public void Dispose() => _site.Dispose();

    private static bool CarriesAreaRule(Endpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == StaffArea.Policy);

    private static ClaimsPrincipal Account(string? role = null, bool printed = false)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "someone@example.org") };
        if (role is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        if (printed)
        {
            claims.Add(new Claim(StaffAccounts.MustChangePasswordClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    /// <summary>Collects conventions as a mapping call would, to apply them to one endpoint.</summary>
    private sealed class Conventions : IEndpointConventionBuilder
    {
        private readonly List<Action<EndpointBuilder>> _conventions = [];

        public void Add(Action<EndpointBuilder> convention) => _conventions.Add(convention);

        public void Apply(EndpointBuilder endpoint) => _conventions.ForEach(c => c(endpoint));
    }

    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    /// <summary>An account with a password of its own but no role.</summary>
    private async Task<HttpClient> NoRoleAsync()
    {
        var email = $"norole-{Guid.NewGuid():N}@example.org";
        const string password = "no role but a long password";
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            (await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, password)).Succeeded.Should().BeTrue();
        }

        var client = StaffSignIn.Client(_site);
        (await StaffSignIn.PostSignInAsync(client, email, password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }

    /// <summary>An admin account signed in with the password <c>users add</c> printed, not yet replaced.</summary>
    private async Task<HttpClient> PrintedAsync()
    {
        var email = $"printed-{Guid.NewGuid():N}@example.org";
        var printed = await StaffSignIn.AddUserAsync(_site, email, "admin");
        var client = StaffSignIn.Client(_site);
        (await StaffSignIn.PostSignInAsync(client, email, printed)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }
}
