using System.Reflection;

namespace RadCnn.Abstractions.Tests.PublicApi;

/// <summary>
/// RadCnn.Abstractions is what third-party plugins compile against, and RadCnn.Dicom and RadCnn.Training
/// are loaded by the host for every plugin at run time (shared types): any change to their public surface
/// must be deliberate. The approved surfaces are committed beside this test; when a change is intended,
/// run the tests with RADCNN_ACCEPT_API=1 to rewrite them and commit the diff with the change (and, for
/// the contract, bump PluginContract.Version: minor for additions, major for anything that breaks existing plugins).
/// </summary>
public sealed class PublicApiApprovalTests
{
    [Theory]
    [InlineData("RadCnn.Abstractions")]
    [InlineData("RadCnn.Dicom")]
    [InlineData("RadCnn.Training")]
    public void Public_api_matches_the_approved_file(string assemblyName)
    {
        var approvedPath = Path.Combine(SourceDirectory(), "PublicApi", assemblyName + ".approved.txt");
        var actual = PublicApiWriter.Write(Assembly.Load(assemblyName));
        if (Environment.GetEnvironmentVariable("RADCNN_ACCEPT_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
            return;
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (approved == actual)
        {
            return;
        }

        var receivedPath = Path.Combine(AppContext.BaseDirectory, assemblyName + ".received.txt");
        File.WriteAllText(receivedPath, actual);
        var approvedLines = approved.Split('\n').ToHashSet(StringComparer.Ordinal);
        var actualLines = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        var added = actualLines.Except(approvedLines).Select(l => "+ " + l.Trim());
        var removed = approvedLines.Except(actualLines).Select(l => "- " + l.Trim());
        Assert.Fail(
            $"The public API of {assemblyName} changed. If intended, rerun with RADCNN_ACCEPT_API=1 and commit "
            + $"the approved file (full text written to {receivedPath}).\n" + string.Join("\n", removed.Concat(added).Take(60)));
    }

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "RadCnn.Abstractions.Tests");
            if (File.Exists(Path.Combine(dir.FullName, "RadCnn.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("RadCnn.sln not found above " + AppContext.BaseDirectory);
    }
}
