using Decisioner.Core.Checking;
using Decisioner.Core.Content;

namespace Decisioner.Web.Content;

/// <summary>The editor page's copy of the content check, run in the background once per loaded snapshot.</summary>
public sealed class EditorCheck
{
    private readonly Lock _lock = new();
    private (ContentSnapshot Snapshot, Task<CheckReport> Report)? _last;

    public Task<CheckReport> ForAsync(ContentSnapshot snapshot)
    {
        lock (_lock)
        {
            if (_last is { } last && ReferenceEquals(last.Snapshot, snapshot))
            {
                return last.Report;
            }

            var report = Task.Run(() => ContentCheck.Run(snapshot));
            _last = (snapshot, report);
            return report;
        }
    }
}
