using System.Net;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>A calling AE title the listener accepts, optionally only from one IP address.</summary>
public sealed record DicomAllowedCaller(string AeTitle, IPAddress? Address = null)
{
    /// <summary>Parses "AE" or "AE@address" (the form of `--allow` and of RadCnn:Listener:AllowedCallers).</summary>
    /// <exception cref="FormatException">An empty or longer than 16 characters AE title, or an address that is not an IP address.</exception>
    public static DicomAllowedCaller Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var title = (at < 0 ? text : text[..at]).Trim();
        if (title.Length is 0 or > 16 || title.Any(c => c is '\\' || char.IsControl(c)))
        {
            throw new FormatException($"'{text}' is not an allowed caller: the AE title must have 1 to 16 characters, no backslash");
        }

        if (at < 0)
        {
            return new DicomAllowedCaller(title);
        }

        return IPAddress.TryParse(text[(at + 1)..].Trim(), out var address)
            ? new DicomAllowedCaller(title, address)
            : throw new FormatException($"'{text}' is not an allowed caller: '{text[(at + 1)..]}' is not an IP address");
    }
}
