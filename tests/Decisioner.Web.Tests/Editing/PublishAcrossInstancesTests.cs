using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Data;
using Decisioner.Web.Editing;
using Decisioner.Web.Tests.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// Publishing when several instances share the content folder and the database. Each instance is stood for by a
/// publisher of its own, with its own lease holder, as a second process would have; both work on one folder and
/// one database. Without the lease, both would check the file's hash before either wrote, and the second would
/// overwrite the first without a word.
/// </summary>
public sealed class PublishAcrossInstancesTests
{
    [Fact]
    public Task TwoInstancesPublishingOneFileAtOnce_OneWins_TheOtherIsShownTheConflict() =>
        RunAsync(null, TwoAtOnceAsync);

    [PostgresFact]
    public async Task OnPostgres_TwoInstancesPublishingOneFileAtOnce_OneWins_TheOtherIsShownTheConflict()
    {
        await using var database = await TestPostgres.CreateAsync();
        await RunAsync(database.Settings, TwoAtOnceAsync);
    }

    /// <summary>An instance that died while publishing leaves its lease: a publish waits for it, then says so and writes nothing.</summary>
    [Fact]
    public Task ALeaseHeldElsewhere_MakesAPublishWait_ThenSaySo_AndGivenBackLetsItThrough() =>
        RunAsync(null, async (site, content) =>
        {
            var before = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));
            var editor = await EditorAsync(site, "waiting.editor@example.org");
            var elsewhere = new JobLeases(TimeProvider.System);
            await using (var scope = site.Services.CreateAsyncScope())
            {
                (await elsewhere.TryTakeAsync(scope.ServiceProvider.GetRequiredService<SiteDbContext>(), JobLeases.ContentPublish, PublishLease.Period)).Should().BeTrue();
            }

            var publisher = site.Services.GetRequiredService<ContentPublisher>();
            var request = new PublishRequest(EditingSteps.Guide, before + "\nOne more line.\n", TextHash.Of(before), before, "One more line", false, false);
            var refused = await publisher.PublishAsync(editor, request);
            refused.Should().BeOfType<Refused>().Which.Reason.Should().Contain("another instance of the site");
            (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(before);
            (await EditingSteps.VersionsAsync(site, EditingSteps.Guide)).Should().BeEmpty("nothing was recorded either");

            await using (var scope = site.Services.CreateAsyncScope())
            {
                await elsewhere.ReleaseAsync(scope.ServiceProvider.GetRequiredService<SiteDbContext>(), JobLeases.ContentPublish);
            }

            (await publisher.PublishAsync(editor, request)).Should().BeOfType<Published>();
            (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(request.Text);
        });

    private static async Task TwoAtOnceAsync(SiteFactory site, TempContent content)
    {
        var before = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));
        var editors = new[] { await EditorAsync(site, "first.editor@example.org"), await EditorAsync(site, "second.editor@example.org") };
        using var other = ActivatorUtilities.CreateInstance<ContentPublisher>(site.Services,
            new PublishLease(site.Services.GetRequiredService<IServiceScopeFactory>(), new JobLeases(TimeProvider.System), TimeProvider.System));
        var publishers = new[] { site.Services.GetRequiredService<ContentPublisher>(), other };
        var texts = new[] { before + "\nA line from the first instance.\n", before + "\nA line from the second instance.\n" };

        for (var round = 0; round < 3; round++)
        {
            var opened = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));
            using var start = new SemaphoreSlim(0);
            var runs = Enumerable.Range(0, 2).Select(async i =>
            {
                await start.WaitAsync();
                return await publishers[i].PublishAsync(editors[i],
                    new PublishRequest(EditingSteps.Guide, texts[i] + $"Round {round}.\n", TextHash.Of(opened), opened, $"Round {round} from {i}", false, false));
            }).ToList();
            start.Release(2);
            var outcomes = await Task.WhenAll(runs);

            outcomes.OfType<Published>().Should().ContainSingle($"one of the two publishes in round {round}");
            var winner = Array.FindIndex(outcomes, o => o is Published);
            var conflict = outcomes.OfType<Conflict>().Should().ContainSingle("the other checks the file after the first wrote it, and is shown that").Subject;
            conflict.Theirs.Should().Be(texts[winner] + $"Round {round}.\n");
            (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(texts[winner] + $"Round {round}.\n");
        }

        var versions = await EditingSteps.VersionsAsync(site, EditingSteps.Guide);
        versions.Select(v => v.Kind).Should().Equal(ContentVersion.Found, ContentVersion.Published, ContentVersion.Published, ContentVersion.Published);
        await using var scope = site.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SiteDbContext>().JobLeases.Should().NotContain(l => l.Name == JobLeases.ContentPublish, "each publish gave its lease back");
    }

    private static async Task<Editor> EditorAsync(SiteFactory site, string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        (await users.CreateAsync(user)).Succeeded.Should().BeTrue();
        return new Editor(user.Id, email, email);
    }

    private static async Task RunAsync(IDictionary<string, string>? settings, Func<SiteFactory, TempContent, Task> scenario)
    {
        using var content = TempContent.CopyOfShipped();
        using var site = new SiteFactory(content.Root, settings);
        site.CreateClient();
        await scenario(site, content);
    }
}
