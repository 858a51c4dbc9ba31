using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Decisioner.Core.Analytics;
using Decisioner.Core.Questionnaires;
using Decisioner.Web.Content;
using Decisioner.Web.Data;

namespace Decisioner.Web.Analytics;

/// <summary>
/// Counts quiz steps in memory; <see cref="QuizCountWriter"/> adds them to the database every few
/// seconds. A page never waits for the database: counting is a dictionary update, and a database that is
/// down or locked costs the counts of that interval, never a page.
/// </summary>
public sealed class QuizCounter(ContentStore content, TimeProvider time)
{
    private readonly ConcurrentDictionary<CounterKey, long> _pending = new();
    private readonly ConditionalWeakTable<Questionnaire, string> _versions = [];

    public void Step(QuizStop? from, QuizStop to) => QuizFunnel.Step(from, to, Today(to.Address.Questionnaire));

    /// <summary>A result opened from another result or from elsewhere: its answers are not needed.</summary>
    public void ResultOpened(Questionnaire quiz, bool fromResult, bool presenter) =>
        QuizFunnel.ResultOpened(fromResult, presenter, Today(quiz));

    public void TriedWhatIf(QuizAddress on) => QuizFunnel.TriedWhatIf(on, Today(on.Questionnaire));

    /// <summary>Takes every count held so far; counts added meanwhile stay for the next call.</summary>
    public List<QuizCount> Drain()
    {
        var taken = new List<QuizCount>(_pending.Count);
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var delta) && delta != 0)
            {
                taken.Add(new QuizCount
                {
                    Day = key.Day,
                    Quiz = key.Quiz,
                    Version = key.Version,
                    Presenter = key.Presenter,
                    Metric = key.Metric,
                    Key = key.Key,
                    Count = delta,
                });
            }
        }

        return taken;
    }

    /// <summary>The quiz file's content hash, short: the same for every instance serving the same file.</summary>
    public string VersionOf(Questionnaire quiz) =>
        _versions.GetValue(quiz, q =>
            content.Current.Files.FirstOrDefault(f => f.Path == q.SourcePath)?.Hash is { } hash ? hash[..Math.Min(12, hash.Length)] : "unknown");

    /// <summary>Where today's counts for this quiz (and this version of it) go.</summary>
    private Sink Today(Questionnaire quiz) =>
        new(this, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), quiz.Id, VersionOf(quiz));

    private void Add(CounterKey key, long delta) =>
        _pending.AddOrUpdate(key, static (_, add) => add, static (_, count, add) => count + add, delta);

    private readonly record struct CounterKey(DateOnly Day, string Quiz, string Version, bool Presenter, string Metric, string Key);

    private sealed class Sink(QuizCounter counter, DateOnly day, string quiz, string version) : IQuizCounts
    {
        public void Add(string metric, string key, long delta, bool presenter) =>
            counter.Add(new CounterKey(day, quiz, version, presenter, metric, key), delta);
    }
}
