using Microsoft.AspNetCore.Http;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>The dashboard's stylesheet and scripts, shipped inside the assembly (no CDN, nothing fetched from elsewhere).</summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = Load();

    public static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Content, file.Type) : Results.NotFound();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("RadCnn.Host.Web.Static.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["RadCnn.Host.Web.Static.".Length..];
            files[name] = (copy.ToArray(), name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
        }

        return files;
    }
}
