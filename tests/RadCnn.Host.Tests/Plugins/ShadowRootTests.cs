using System.Diagnostics;
using RadCnn.Host.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Plugins;

public sealed class ShadowRootTests : IDisposable
{
    private readonly TempDirectory _temp = new("radcnn-shadow");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Default_root_removes_the_roots_of_ended_processes_and_nothing_else()
    {
        var ended = Folder($"radcnn-plugins-{EndedProcessId()}-{Guid.NewGuid():N}", withCopy: true);
        var running = Folder($"radcnn-plugins-{Environment.ProcessId}-{Guid.NewGuid():N}", withCopy: true);
        var lookalike = Folder($"radcnn-plugins-test-{Guid.NewGuid():N}", withCopy: true);
        var other = Folder("notes", withCopy: false);

        var root = ShadowRoot.For(null, _temp.Path);

        Assert.True(root.Owned);
        Assert.Equal(_temp.Path, Path.GetDirectoryName(root.Path));
        Assert.Equal(1, root.RemoveLeftovers());
        Assert.False(Directory.Exists(ended));
        Assert.All([running, lookalike, other], f => Assert.True(Directory.Exists(f), f));
    }

    [Fact]
    public void Default_root_is_deleted_whole_at_stop()
    {
        var root = ShadowRoot.For(null, _temp.Path);
        Directory.CreateDirectory(root.NewCopyPath("a.plugin", "1.0.0"));
        File.WriteAllText(Path.Combine(root.Path, "stray.txt"), "x");

        root.RemoveAtStop();

        Assert.False(Directory.Exists(root.Path));
    }

    [Fact]
    public void Configured_root_loses_only_plugin_copies_and_stays_while_it_holds_anything_else()
    {
        var configured = _temp.Combine("shared");
        var root = ShadowRoot.For(configured, _temp.Path);
        var leftover = root.NewCopyPath("a.plugin", "1.0.0");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "model.pt"), "weights");
        Directory.CreateDirectory(Path.Combine(configured, "database"));
        File.WriteAllText(Path.Combine(configured, "keep.txt"), "an operator's file");

        Assert.False(root.Owned);
        Assert.Equal(1, root.RemoveLeftovers());
        Assert.False(Directory.Exists(leftover));

        var current = root.NewCopyPath("a.plugin", "1.1.0");
        Directory.CreateDirectory(current);
        root.RemoveAtStop();

        Assert.False(Directory.Exists(current));
        Assert.True(File.Exists(Path.Combine(configured, "keep.txt")));
        Assert.True(Directory.Exists(Path.Combine(configured, "database")));
    }

    [Fact]
    public void Configured_root_that_only_held_copies_is_removed_at_stop()
    {
        var root = ShadowRoot.For(_temp.Combine("shadow"), _temp.Path);
        Directory.CreateDirectory(root.NewCopyPath("a.plugin", "2.0.0"));

        root.RemoveAtStop();

        Assert.False(Directory.Exists(root.Path));
        Assert.True(Directory.Exists(_temp.Path));
    }

    private string Folder(string name, bool withCopy)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(withCopy ? Path.Combine(path, $"a.plugin-1.0.0-{Guid.NewGuid():N}") : path);
        return path;
    }

    /// <summary>The id of a process that has just ended (and so, barring a reuse within the test, runs no longer).</summary>
    private static int EndedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
