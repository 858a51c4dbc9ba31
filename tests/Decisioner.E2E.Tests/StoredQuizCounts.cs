using Microsoft.Data.Sqlite;

namespace Decisioner.E2E.Tests;

/// <summary>The quiz counters a site process has written to its SQLite file, read directly.</summary>
internal static class StoredQuizCounts
{
    /// <summary>
    /// The counters summed by metric and key, once they satisfy the condition (the site writes them every
    /// <c>Analytics:FlushSeconds</c>); after ten seconds, whatever they are then, for the caller's assertions.
    /// </summary>
    /// <param name="presenter">Only presenter-mode counts (true), only the others (false), or both (null).</param>
    public static async Task<Dictionary<(string Metric, string Key), long>> WaitForAsync(
        SiteProcess site, Func<Dictionary<(string Metric, string Key), long>, bool> ready, bool? presenter = false)
    {
        var counts = new Dictionary<(string Metric, string Key), long>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            counts.Clear();
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(site.DataFolder, "decisioner.db")};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = new SqliteCommand("SELECT Metric, Key, SUM(Count) FROM QuizCounts WHERE @presenter IS NULL OR Presenter = @presenter GROUP BY Metric, Key", connection);
                command.Parameters.AddWithValue("@presenter", (object?)presenter ?? DBNull.Value);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
                }
            }

            if (ready(counts) || DateTime.UtcNow > deadline)
            {
                return counts;
            }

            await Task.Delay(200);
        }
    }
}
