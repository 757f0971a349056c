namespace RadCnn.Training.Data;

/// <summary>
/// A parsed labels.csv: a header naming the columns, then one row per instance or series. Fields may be
/// quoted ("a,b" and "" for a quote). Line numbers count the header as line 1, as an editor shows them.
/// </summary>
internal sealed class LabelsCsv
{
    private LabelsCsv(IReadOnlyList<string> header, IReadOnlyList<(int Line, string[] Fields)> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public int Column(string name) => Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

    public static LabelsCsv Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? Split(lines[0].TrimStart('\uFEFF'), path, 1).Select(h => h.Trim()).ToArray() : [];
        var rows = new List<(int, string[])>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]) || lines[i].TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = Split(lines[i], path, i + 1);
            if (fields.Length != header.Length)
            {
                throw new DatasetException($"{path} line {i + 1}: {fields.Length} fields but the header names {header.Length} columns ({string.Join(",", header)})");
            }

            rows.Add((i + 1, fields.Select(f => f.Trim()).ToArray()));
        }

        return new LabelsCsv(header, rows);
    }

    private static string[] Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new DatasetException($"{path} line {lineNumber}: a quoted field is not closed");
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
