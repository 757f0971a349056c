using System.Globalization;

namespace RadCnn.Bench.ReportNlp;

/// <summary>"--name value" pairs and "--flag" switches after the verb.</summary>
internal sealed class Arguments(string[] args)
{
    public string? Text(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Text(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => args.Contains(name);
}
