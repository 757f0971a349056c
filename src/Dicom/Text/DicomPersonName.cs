namespace RadCnn.Dicom.Text;

/// <summary>
/// One value of a PN element: up to three component groups (PS3.5 6.2.1) separated by '=' —
/// alphabetic, ideographic and phonetic — each of up to five '^'-separated components (family,
/// given, middle, prefix, suffix). Built from the decoded string, where the escape sequences are
/// already gone, so the delimiters found are the real ones.
/// </summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic = "", string Phonetic = "")
{
    /// <summary>Splits one decoded PN value (no backslash) into its groups.</summary>
    public static DicomPersonName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var groups = value.Split('=');
        return new DicomPersonName(groups[0], groups.Length > 1 ? groups[1] : string.Empty, groups.Length > 2 ? groups[2] : string.Empty);
    }

    public string FamilyName => Component(0);

    public string GivenName => Component(1);

    public string MiddleName => Component(2);

    public string NamePrefix => Component(3);

    public string NameSuffix => Component(4);

    /// <summary>The groups joined with '=', without trailing empty groups (as written to a file).</summary>
    public override string ToString() =>
        Phonetic.Length > 0 ? $"{Alphabetic}={Ideographic}={Phonetic}"
        : Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}"
        : Alphabetic;

    private string Component(int index)
    {
        var parts = Alphabetic.Split('^');
        return index < parts.Length ? parts[index] : string.Empty;
    }
}
