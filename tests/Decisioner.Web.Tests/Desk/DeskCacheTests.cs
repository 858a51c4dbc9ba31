using Decisioner.Tests;
using Decisioner.Web.Tests.Staff;

namespace Decisioner.Web.Tests.Desk;

/// <summary>
/// The result page comes from the page cache, and admissions staff see it with a save form. The same
/// address asked as the public and as staff, in both orders: the public never gets the staff copy, staff
/// never get the public copy, and the public copy stays cached, byte for byte, without a cookie.
/// </summary>
public sealed class DeskCacheTests
{
    [Fact]
    public async Task PublicFirst_ThenStaff_ThenPublic_EachGetsItsOwnCopy()
    {
        using var site = new SiteFactory(TestPaths.Content);
        var admissions = await StaffSignIn.AsAsync(site, "admissions");
        var visitor = site.CreateClient();

        var before = await visitor.GetAsync(DeskSteps.PresenterResult);
        var cached = await visitor.GetAsync(DeskSteps.PresenterResult);
        var staff = await admissions.GetAsync(DeskSteps.PresenterResult);
        var after = await visitor.GetAsync(DeskSteps.PresenterResult);

        var publicHtml = await before.Content.ReadAsStringAsync();
        publicHtml.Should().NotContain("Save this session").And.NotContain("__RequestVerificationToken");
        cached.Headers.Age.Should().NotBeNull("the public copy is served from the cache");
        (await staff.Content.ReadAsStringAsync()).Should().Contain("Save this session").And.Contain("__RequestVerificationToken");
        staff.Headers.Age.Should().BeNull("staff are never served a cached copy");
        staff.Headers.CacheControl!.NoStore.Should().BeTrue("the browser keeps no staff copy");
        staff.Headers.ETag.Should().BeNull();
        staff.Content.Headers.ContentEncoding.Should().BeEmpty();
        (await after.Content.ReadAsStringAsync()).Should().Be(publicHtml, "the staff request left the public copy as it was");
        after.Headers.Age.Should().NotBeNull("still served from the cache");
        foreach (var response in new[] { before, cached, after })
        {
            response.Headers.Contains("Set-Cookie").Should().BeFalse("a public page sets no cookie");
        }
    }

    [Fact]
    public async Task StaffFirst_ThenPublic_ThePublicNeverGetsTheStaffCopy()
    {
        using var site = new SiteFactory(TestPaths.Content);
        var admissions = await StaffSignIn.AsAsync(site, "admissions");
        var visitor = site.CreateClient();

        var staff = await admissions.GetStringAsync(DeskSteps.PresenterResult);
        var first = await visitor.GetAsync(DeskSteps.PresenterResult);
        var second = await visitor.GetAsync(DeskSteps.PresenterResult);
        var staffAgain = await admissions.GetStringAsync(DeskSteps.PresenterResult);

        staff.Should().Contain("Save this session");
        first.Headers.Age.Should().BeNull("the staff request stored nothing, so the public's first request renders");
        var publicHtml = await first.Content.ReadAsStringAsync();
        publicHtml.Should().NotContain("Save this session").And.NotContain("__RequestVerificationToken");
        first.Headers.Contains("Set-Cookie").Should().BeFalse();
        (await second.Content.ReadAsStringAsync()).Should().Be(publicHtml);
        second.Headers.Age.Should().NotBeNull();
        staffAgain.Should().Contain("Save this session", "the public copy now cached is not served to staff");
    }
}
