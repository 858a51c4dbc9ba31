using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Content;

/// <summary>
/// Reads typed fields out of a YAML mapping while keeping each value's position, so every
/// problem can be reported as <c>file:line:col</c>. Used for front matter, site data, questionnaires
/// and personas. It remembers which keys were asked for, so a reader lists its fields once: whatever
/// it never asked for is warned about as an unknown key (usually a typo of one it did).
/// </summary>
internal sealed class YamlFields
{
    private readonly DiagnosticList _diagnostics;
    private readonly int _lineOffset;
    private readonly List<string> _asked = [];

    private YamlFields(YamlMappingNode map, DiagnosticList diagnostics, int lineOffset)
    {
        Map = map;
        _diagnostics = diagnostics;
        _lineOffset = lineOffset;
    }

    public YamlMappingNode Map { get; }

    /// <summary>Parses <paramref name="text"/> whose first line is line <paramref name="lineOffset"/> + 1 of the file.</summary>
    public static YamlFields? Parse(string text, DiagnosticList diagnostics, int lineOffset = 0)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            diagnostics.Error((int)ex.Start.Line + lineOffset, (int)ex.Start.Column, "YAML syntax: " + Describe(ex));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, without a position, when the text ends inside an open [ or {.
            var lines = text.Split('\n');
            diagnostics.Error(lines.Length + lineOffset, 1, "YAML syntax: the text ends before a '[' or '{' is closed");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            var node = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            diagnostics.Error((int)(node?.Start.Line ?? 1) + lineOffset, (int)(node?.Start.Column ?? 1),
                "expected a list of 'key: value' lines");
            return null;
        }

        return new YamlFields(map, diagnostics, lineOffset);
    }

    public YamlFields For(YamlMappingNode map) => new(map, _diagnostics, _lineOffset);

    public int LineOf(YamlNode node) => (int)node.Start.Line + _lineOffset;

    public static int ColumnOf(YamlNode node) => (int)node.Start.Column;

    public void Error(YamlNode node, string message) => _diagnostics.Error(LineOf(node), ColumnOf(node), message);

    public void Warning(YamlNode node, string message) => _diagnostics.Warning(LineOf(node), ColumnOf(node), message);

    public YamlNode? Node(string key)
    {
        if (!_asked.Contains(key))
        {
            _asked.Add(key);
        }

        return Map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    /// <summary>
    /// The mappings listed under <paramref name="key"/>, each as its own reader. An item that is not a
    /// mapping is an error (<paramref name="shape"/> says what one should hold); once the caller is done
    /// with an item, the keys it never asked for are warned about.
    /// </summary>
    public IEnumerable<YamlFields> Items(string key, string shape, bool required = false)
    {
        foreach (var item in Sequence(key, required)?.Children ?? [])
        {
            if (item is not YamlMappingNode map)
            {
                Error(item, shape);
                continue;
            }

            var fields = For(map);
            yield return fields;
            fields.WarnUnread();
        }
    }

    /// <summary>Warns about every key of this mapping that the reader never asked for.</summary>
    public void WarnUnread()
    {
        foreach (var key in Map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!_asked.Contains(name))
            {
                Warning(key, $"unknown key '{name}' is ignored (known keys: {string.Join(", ", _asked)})");
            }
        }
    }

    public string? String(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Error(Map, $"'{key}' is required");
            }
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"'{key}' must be a single line of text");
            return null;
        }

        var value = scalar.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Error(node, $"'{key}' must not be empty");
            }
            return null;
        }

        return value;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar when string.IsNullOrWhiteSpace(scalar.Value):
                return [];
            case YamlScalarNode scalar:
                // A single value where a list was expected is still what the editor meant.
                return [scalar.Value!.Trim()];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
                    {
                        items.Add(text.Trim());
                    }
                    else
                    {
                        Error(item, $"each item of '{key}' must be a single line of text");
                    }
                }
                return items;
            default:
                Error(node, $"'{key}' must be a list, e.g. [one, two]");
                return [];
        }
    }

    public int? Int(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(Node(key)!, $"'{key}' must be a whole number, not '{text}'");
        return null;
    }

    public DateOnly? Date(string key, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(Node(key)!, $"'{key}' must be a date written as YYYY-MM-DD, not '{text}'");
        return null;
    }

    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        var node = Node(key);
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        if (node is null && required)
        {
            Error(Map, $"'{key}' is required");
        }
        else if (node is not null)
        {
            Error(node, $"'{key}' must be a list (lines starting with '- ')");
        }

        return null;
    }

    public YamlMappingNode? Mapping(string key, bool required = false)
    {
        var node = Node(key);
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        if (node is null && required)
        {
            Error(Map, $"'{key}' is required");
        }
        else if (node is not null)
        {
            Error(node, $"'{key}' must be a set of 'key: value' lines");
        }

        return null;
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        // YamlDotNet prefixes its own position; ours is already in the diagnostic.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }
}
