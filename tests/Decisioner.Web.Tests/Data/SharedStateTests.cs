using Decisioner.Core.Analytics;
using Decisioner.Tests;
using Decisioner.Web.Analytics;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Desk;
using Decisioner.Web.Tests.Mail;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Data;

/// <summary>
/// Several instances on one database: each periodic job runs on one of them per period (a lease row),
/// and their quiz counters add up. The lease itself on SQLite here (runners with a connection each in
/// one site: SQLite refuses a second instance on its file); everything, with two sites, on PostgreSQL in
/// <see cref="PostgresSharedStateTests"/>. Two sites sending one outbox once is in OutboxTests.
/// </summary>
public sealed class SharedStateTests
{
    [Fact]
    public Task Lease_TakenByOne_HeldForThePeriod_ThenTakenByWhoeverAsksFirst() => SharedStateScenarios.LeaseAcrossPeriodsAsync(SharedStateScenarios.Sqlite());

    [Fact]
    public Task ManyRunnersAskingAtOnce_ExactlyOneRunsEachPeriod() => SharedStateScenarios.RunnersAtOnceAsync(SharedStateScenarios.Sqlite());
}

/// <summary>The same scenarios on a real PostgreSQL server, where the instances' statements really run at once.</summary>
public sealed class PostgresSharedStateTests
{
    [PostgresFact]
    public async Task Lease_TakenByOne_HeldForThePeriod_ThenTakenByWhoeverAsksFirst()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SharedStateScenarios.LeaseAcrossPeriodsAsync(database.Settings);
    }

    [PostgresFact]
    public async Task ManyRunnersAskingAtOnce_ExactlyOneRunsEachPeriod()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SharedStateScenarios.RunnersAtOnceAsync(database.Settings);
    }

    [PostgresFact]
    public async Task TwoInstances_RunTheDeskRetentionOncePerHour()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SharedStateScenarios.DeskRetentionOnceAsync(database.Settings);
    }

    [PostgresFact]
    public async Task TwoInstances_PruneTheAuditTrailAndTheCounters_OnlyUnderTheLease()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SharedStateScenarios.PruningUnderTheLeaseAsync(database.Settings);
    }

    [PostgresFact]
    public async Task TwoInstances_Counting_AddUp()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SharedStateScenarios.CountersAddUpAsync(database.Settings);
    }
}

internal static class SharedStateScenarios
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Settings for a SQLite file of its own.</summary>
    public static Dictionary<string, string> Sqlite() => OutboxScenarios.Sqlite();

    /// <summary>A site on this database and clock. The counters' timer is an hour, so only the test flushes them.</summary>
    private static WebApplicationFactory<Program> Site(IDictionary<string, string> database, MovableClock clock)
    {
        var settings = new Dictionary<string, string>(database)
        {
            ["Analytics:FlushSeconds"] = "3600",
            ["Audit:RetentionDays"] = "30",
            ["Analytics:RetentionDays"] = "30",
        };
        var site = new SiteFactory(TestPaths.Content, settings)
            .WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        site.CreateClient(); // started, and so migrated
        return site;
    }

    private static async Task<bool> TakeAsync(WebApplicationFactory<Program> site, JobLeases runner, string job)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await runner.TryTakeAsync(scope.ServiceProvider.GetRequiredService<SiteDbContext>(), job, Hour);
    }

    private static async Task<JobLease?> LeaseAsync(WebApplicationFactory<Program> site, string job)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().JobLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == job);
    }

    public static async Task LeaseAcrossPeriodsAsync(IDictionary<string, string> database)
    {
        var clock = new MovableClock();
        using var site = Site(database, clock);
        var (first, second) = (new JobLeases(clock), new JobLeases(clock));
        const string job = "test-job";

        (await TakeAsync(site, first, job)).Should().BeTrue("nobody holds a new job");
        (await TakeAsync(site, second, job)).Should().BeFalse("the first holds it for the hour");
        (await TakeAsync(site, first, job)).Should().BeFalse("a lease is one run a period, even for its holder");
        var held = (await LeaseAsync(site, job))!;
        held.Holder.Should().Be(first.Holder);
        held.ExpiresAt.Should().BeCloseTo(clock.GetUtcNow().UtcDateTime + Hour, TimeSpan.FromSeconds(5));

        clock.Advance(Hour - TimeSpan.FromMinutes(1));
        (await TakeAsync(site, second, job)).Should().BeFalse("a minute of the hour is left");

        clock.Advance(TimeSpan.FromMinutes(2));
        (await TakeAsync(site, second, job)).Should().BeTrue("the hour is over: whoever asks first takes the next");
        (await TakeAsync(site, first, job)).Should().BeFalse();
        (await LeaseAsync(site, job))!.Holder.Should().Be(second.Holder);
        (await TakeAsync(site, first, "another-job")).Should().BeTrue("each job has its own lease");
    }

    public static async Task RunnersAtOnceAsync(IDictionary<string, string> database)
    {
        var clock = new MovableClock();
        using var site = Site(database, clock);
        // Eight runners, as eight instances would be, each asking on its own connection, started together each period.
        var runners = Enumerable.Range(0, 8).Select(_ => new JobLeases(clock)).ToList();
        var winners = new List<string>();
        for (var period = 0; period < 5; period++)
        {
            using var start = new SemaphoreSlim(0);
            var asks = runners.Select(async runner =>
            {
                await start.WaitAsync();
                return await TakeAsync(site, runner, "contended") ? runner.Holder : null;
            }).ToList();
            start.Release(runners.Count);
            var won = (await Task.WhenAll(asks)).OfType<string>().ToList();

            won.Should().ContainSingle($"one runner, and only one, runs in period {period}");
            (await LeaseAsync(site, "contended"))!.Holder.Should().Be(won[0]);
            winners.Add(won[0]);
            clock.Advance(Hour);
        }

        winners.Should().HaveCount(5).And.OnlyContain(w => runners.Any(r => r.Holder == w));
    }

    public static async Task DeskRetentionOnceAsync(IDictionary<string, string> database)
    {
        var clock = new MovableClock();
        using var first = Site(database, clock);
        using var second = Site(database, clock);
        var instances = new[] { first, second };
        // Each instance's job ran once at start; one of them took the first hour.
        var atStart = await Eventually.WaitAsync(() => LeaseAsync(first, JobLeases.DeskRetention), l => l is not null, "a job should have run at start");
        instances.Select(s => s.Services.GetRequiredService<JobLeases>().Holder).Should().Contain(atStart!.Holder);

        for (var hour = 0; hour < 3; hour++)
        {
            var runs = await Task.WhenAll(instances.Select(s => s.Services.GetRequiredService<DeskRetention>().RunIfLeasedAsync()));
            runs.Should().OnlyContain(r => r == null, $"the lease of hour {hour} is taken already");

            clock.Advance(DeskRetention.Period);
            runs = await Task.WhenAll(instances.Select(s => s.Services.GetRequiredService<DeskRetention>().RunIfLeasedAsync()));
            runs.Count(r => r is not null).Should().Be(1, $"one instance erases in hour {hour + 1}");
        }
    }

    public static async Task PruningUnderTheLeaseAsync(IDictionary<string, string> database)
    {
        var clock = new MovableClock();
        using var first = Site(database, clock);
        using var second = Site(database, clock);
        // The first instance asks first: it prunes this hour, and holds both leases.
        await first.Services.GetRequiredService<AuditTrail>().FlushAsync();
        await first.Services.GetRequiredService<QuizCountWriter>().FlushAsync();
        (await LeaseAsync(first, JobLeases.AuditPruning))!.Holder.Should().Be(first.Services.GetRequiredService<JobLeases>().Holder);

        var old = DateTime.UtcNow.AddDays(-31);
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            db.AuditEvents.Add(new AuditEvent { At = old, Event = AuditEvents.SignIn, Target = "old" });
            db.QuizCounts.Add(new QuizCount { Day = DateOnly.FromDateTime(old), Quiz = "q", Version = "v", Metric = QuizFunnel.Start, Key = "", Count = 1 });
            await db.SaveChangesAsync();
        }

        // The second instance's first hour: the lease is the first's, so it deletes nothing.
        await second.Services.GetRequiredService<AuditTrail>().FlushAsync();
        await second.Services.GetRequiredService<QuizCountWriter>().FlushAsync();
        (await OldRowsAsync(second)).Should().Be((1, 1));

        // An hour on, the second asks first and prunes.
        clock.Advance(AuditTrail.PrunePeriod + TimeSpan.FromMinutes(1));
        await second.Services.GetRequiredService<AuditTrail>().FlushAsync();
        await second.Services.GetRequiredService<QuizCountWriter>().FlushAsync();
        (await OldRowsAsync(second)).Should().Be((0, 0));
        var holder = second.Services.GetRequiredService<JobLeases>().Holder;
        (await LeaseAsync(second, JobLeases.AuditPruning))!.Holder.Should().Be(holder);
        (await LeaseAsync(second, JobLeases.CounterPruning))!.Holder.Should().Be(holder);
    }

    private static async Task<(int Audit, int Counts)> OldRowsAsync(WebApplicationFactory<Program> site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30));
        return (await db.AuditEvents.CountAsync(e => e.Target == "old"), await db.QuizCounts.CountAsync(c => c.Day < day));
    }

    /// <summary>
    /// Both instances count the same walks and write at the same moment, three times over: every count is
    /// the sum of both instances' (added in the database, never overwritten), and no batch is lost.
    /// </summary>
    public static async Task CountersAddUpAsync(IDictionary<string, string> database)
    {
        var clock = new MovableClock();
        using var first = Site(database, clock);
        using var second = Site(database, clock);
        var instances = new[] { first, second };
        const int rounds = 3;
        for (var round = 0; round < rounds; round++)
        {
            await Task.WhenAll(instances.Select(async site =>
            {
                var client = site.CreateClient();
                var quiz = site.Services.GetRequiredService<ContentStore>().Current.FindQuestionnaire("rag-vs-fine-tuning")!;
                await NoScriptQuiz.WalkAsync(client, quiz, q => q.Options[0]);
                await NoScriptQuiz.WalkAsync(client, quiz, q => q.Options[^1]);
                await NoScriptQuiz.WalkAsync(client, quiz, q => q.Options[0], stopBefore: 2);
            }));
            await Task.WhenAll(instances.Select(s => s.Services.GetRequiredService<QuizCountWriter>().FlushAsync()));
        }

        await using var scope = first.Services.CreateAsyncScope();
        var counts = (await scope.ServiceProvider.GetRequiredService<SiteDbContext>().QuizCounts.AsNoTracking().ToListAsync())
            .GroupBy(c => (c.Metric, c.Key)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var walks = 3 * rounds * instances.Length;
        counts[(QuizFunnel.Start, "")].Should().Be(walks);
        counts[(QuizFunnel.Completed, "")].Should().Be(2 * rounds * instances.Length);
        counts.Where(c => c.Key.Metric == QuizFunnel.DropOff).Sum(c => c.Value).Should().Be(rounds * instances.Length);
    }
}
