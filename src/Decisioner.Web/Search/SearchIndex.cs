using Decisioner.Core.Content;
using Decisioner.Core.Search;
using Decisioner.Web.Content;

namespace Decisioner.Web.Search;

/// <summary>
/// The site-search index of the content being served: built for a snapshot the first time it is asked
/// for, and again for each new snapshot after an edit. A file that fails to load keeps its last good
/// version in the snapshot, so it keeps its place in the index too.
/// </summary>
public sealed class SearchIndex(ContentStore content)
{
    private readonly Lock _lock = new();
    private (ContentSnapshot Snapshot, SiteSearch Search)? _built;

    public SiteSearch Current
    {
        get
        {
            var snapshot = content.Current;
            var built = _built;
            if (built is { } ready && ReferenceEquals(ready.Snapshot, snapshot))
            {
                return ready.Search;
            }

            lock (_lock)
            {
                if (_built is { } again && ReferenceEquals(again.Snapshot, snapshot))
                {
                    return again.Search;
                }

                // The index it replaces is left to the collector rather than disposed: a request may still
                // be reading it, and it holds nothing but memory.
                var search = new SiteSearch(snapshot.Guides);
                _built = (snapshot, search);
                return search;
            }
        }
    }
}
