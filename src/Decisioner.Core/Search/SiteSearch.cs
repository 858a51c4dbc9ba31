using System.Globalization;
using System.Net;
using Decisioner.Core.Content;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Decisioner.Core.Search;

/// <summary>One hit: the guide section it points to, and a snippet with the matched words marked.</summary>
/// <param name="SnippetHtml">HTML-encoded text with <c>&lt;mark&gt;</c> around the matches.</param>
public sealed record SearchHit(string GuideTitle, string Heading, string Url, string SnippetHtml, bool IsGlossaryTerm);

/// <summary>What a search found, and what the visitor should be told about their query, if anything.</summary>
public sealed record SearchResult(string Query, IReadOnlyList<SearchHit> Hits, string? Notice);

/// <summary>
/// Full-text search over every section of every guide, built with Lucene.NET for one content snapshot
/// (a new snapshot, after an edit, gets a new index; a broken edit keeps the last good guide, and so its
/// index entries). English analysis (so "embeddings" finds "embedding"), headings and glossary terms
/// ranked above body text, and a fuzzy match per word for typos ("fine tunning"). The visitor's text is
/// never handed to a query parser: it is cut into words by the analyzer, so Lucene syntax, quotes and
/// wildcards are just characters, and the query is capped in length and in words.
/// </summary>
public sealed class SiteSearch : IDisposable
{
    public const int MaxQueryLength = 200;
    public const int MaxWords = 12;
    public const int MaxHits = 10;

    /// <summary>The longest word matched with typos allowed.</summary>
    public const int MaxFuzzyLength = 20;

    /// <summary>The guide whose sections are glossary entries, ranked highest when their term matches.</summary>
    public const string GlossarySlug = "glossary";

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Body text keeps its term vectors with offsets, so snippets are marked from the index instead of
    // analysing each section's text again for every search.
    private static readonly FieldType BodyField = new(TextField.TYPE_STORED)
    {
        StoreTermVectors = true,
        StoreTermVectorPositions = true,
        StoreTermVectorOffsets = true,
    };
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);

    // Every word the index holds (as analysed), for typo correction: a few thousand short strings.
    private readonly HashSet<string> _vocabulary;

    public SiteSearch(IEnumerable<Guide> guides)
    {
        ArgumentNullException.ThrowIfNull(guides);
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer)))
        {
            foreach (var guide in guides)
            {
                // The text before the first heading belongs to the guide as a whole, with its summary.
                foreach (var section in guide.Sections)
                {
                    var whole = section.Id.Length == 0;
                    var glossary = guide.Slug == GlossarySlug && !whole;
                    writer.AddDocument(
                    [
                        new StringField("url", guide.Path + (whole ? "" : "#" + section.Id), Field.Store.YES),
                        new StoredField("guide", guide.Title),
                        new StoredField("glossary", glossary ? 1 : 0),
                        new TextField(glossary ? "term" : "heading", whole ? guide.Title : section.Heading, Field.Store.YES),
                        new Field("body", whole ? (guide.Summary + " " + section.Text).Trim() : section.Text, BodyField),
                    ]);
                }
            }
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
        _vocabulary = Vocabulary(_reader);
    }

    /// <summary>How many sections the index holds.</summary>
    public int SectionCount => _reader.NumDocs;

    public SearchResult Search(string? query)
    {
        var text = (query ?? "").Trim();
        string? notice = null;
        if (text.Length > MaxQueryLength)
        {
            text = text[..MaxQueryLength];
            notice = $"Only the first {MaxQueryLength} characters of your search were used.";
        }

        var words = Words(text);
        if (words.Count > MaxWords)
        {
            words = words[..MaxWords];
            notice = $"Only the first {MaxWords} words of your search were used.";
        }

        if (words.Count == 0)
        {
            return new SearchResult(text, [], text.Length == 0 ? null : "Type a word or two, such as \"retrieval\" or \"few-shot\": signs and symbols on their own find nothing.");
        }

        var lucene = BuildQuery(words);
        var top = _searcher.Search(lucene, MaxHits);
        // The highlighter is given the query as the index expanded it (each fuzzy word as the real words it
        // matched), so it marks those terms directly instead of re-running fuzzy matching on every snippet.
        var expanded = _searcher.Rewrite(lucene);
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), new QueryScorer(expanded, "body"))
        {
            TextFragmenter = new SimpleFragmenter(180),
        };

        var hits = new List<SearchHit>(top.ScoreDocs.Length);
        foreach (var scored in top.ScoreDocs)
        {
            var document = _searcher.Doc(scored.Doc);
            var body = document.Get("body", CultureInfo.InvariantCulture) ?? "";
            var tokens = TokenSources.GetAnyTokenStream(_reader, scored.Doc, "body", _analyzer);
            var snippet = highlighter.GetBestFragment(tokens, body) ?? WebUtility.HtmlEncode(Text.Shorten(body, 180));
            var glossary = document.GetField("glossary")?.GetInt32Value() == 1;
            hits.Add(new SearchHit(document.Get("guide", CultureInfo.InvariantCulture) ?? "", document.Get(glossary ? "term" : "heading", CultureInfo.InvariantCulture) ?? "", document.Get("url", CultureInfo.InvariantCulture) ?? "/", snippet, glossary));
        }

        return new SearchResult(text, hits, notice);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    /// <summary>
    /// Each word as it is, and, when the index does not hold it, as the indexed words one typing mistake
    /// away (two for words of six letters or more; a swap of neighbouring letters counts as one), ranked
    /// a little lower. Lucene's FuzzyQuery does the same by building an automaton for each word, which
    /// costs far more than comparing against the few thousand indexed words (docs/performance.md), and
    /// this way the ranking and highlighting stay Lucene's.
    /// </summary>
    private BooleanQuery BuildQuery(List<string> words)
    {
        var query = new BooleanQuery();
        foreach (var word in words)
        {
            var either = new BooleanQuery();
            AddTerm(either, word, 1f);
            if (!_vocabulary.Contains(word) && word.Length is >= 3 and <= MaxFuzzyLength)
            {
                foreach (var near in NearWords(word, word.Length >= 6 ? 2 : 1))
                {
                    AddTerm(either, near, 0.7f);
                }
            }

            query.Add(either, Occur.SHOULD);
        }

        return query;
    }

    private static void AddTerm(BooleanQuery query, string word, float weight)
    {
        query.Add(new TermQuery(new Term("term", word)) { Boost = 8 * weight }, Occur.SHOULD);
        query.Add(new TermQuery(new Term("heading", word)) { Boost = 4 * weight }, Occur.SHOULD);
        query.Add(new TermQuery(new Term("body", word)) { Boost = weight }, Occur.SHOULD);
    }

    /// <summary>Indexed words within <paramref name="edits"/> of <paramref name="word"/>, sharing its first letter, closest first.</summary>
    private IEnumerable<string> NearWords(string word, int edits) =>
        _vocabulary
            .Where(candidate => candidate[0] == word[0] && Math.Abs(candidate.Length - word.Length) <= edits)
            .Select(candidate => (Word: candidate, Distance: EditDistance.Of(word, candidate, edits)))
            .Where(c => c.Distance <= edits)
            .OrderBy(c => c.Distance).ThenBy(c => c.Word, StringComparer.Ordinal)
            .Take(5)
            .Select(c => c.Word);

    private static HashSet<string> Vocabulary(IndexReader reader)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "term", "heading", "body" })
        {
            var terms = MultiFields.GetTerms(reader, field)?.GetEnumerator();
            while (terms is not null && terms.MoveNext())
            {
                words.Add(terms.Term.Utf8ToString());
            }
        }

        return words;
    }

    /// <summary>The query's words as the index stores them: lower case, stop words out, stemmed.</summary>
    private List<string> Words(string text)
    {
        var words = new List<string>();
        using var stream = _analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && words.Count <= MaxWords)
        {
            var word = term.ToString();
            if (!words.Contains(word))
            {
                words.Add(word);
            }
        }

        stream.End();
        return words;
    }
}
