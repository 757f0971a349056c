using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace RadCnn.Host.Hosting;

/// <summary>The start-up check shared by the TLS settings of the listener and of forwarding: every file named exists, and together they load.</summary>
internal static class TlsFileSettings
{
    /// <param name="section">The settings section, for the messages ("RadCnn:Listener").</param>
    /// <param name="files">Setting names and the paths given (null: not set).</param>
    /// <param name="load">Loads the files as the service will; null when TLS is off. Only tried when every file exists.</param>
    public static IEnumerable<ValidationResult> Check(string section, IReadOnlyList<(string Name, string? Path)> files, Action? load)
    {
        var missing = files.Where(f => f.Path is not null && !File.Exists(f.Path)).ToList();
        foreach (var (name, path) in missing)
        {
            yield return new ValidationResult($"{section}:{name}: no file at {path}", [name]);
        }

        if (missing.Count > 0 || load is null)
        {
            yield break;
        }

        string? error = null;
        try
        {
            load();
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"{section}: cannot use the TLS files: {error}", [files[0].Name]);
        }
    }
}
