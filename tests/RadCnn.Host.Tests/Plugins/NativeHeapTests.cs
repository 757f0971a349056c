using System.Runtime.InteropServices;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Tests.Plugins;

[CollectionDefinition(nameof(NativeHeapTests), DisableParallelization = true)]
public sealed class NativeHeapTestsRunAlone;

/// <summary>
/// The C heap's free memory goes back to the system after a job: blocks freed behind one still in use stay resident
/// in glibc's arena (as libtorch's freed tensors do) until the trim. Measured on the process's resident set, so it runs
/// alone: no other test allocates meanwhile.
/// </summary>
[Collection(nameof(NativeHeapTests))]
public sealed class NativeHeapTests
{
    private const int BlockBytes = 64 << 10;
    private const int Blocks = 8192; // 512 MB

    [Fact]
    public void Freed_blocks_held_by_the_c_heap_are_returned_by_the_trim()
    {
        // Marshal.AllocHGlobal is the C library's malloc on Linux, as libtorch's CPU allocator is.
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            // Touch every page so that it is resident.
            for (var offset = 0; offset < BlockBytes; offset += 4096)
            {
                Marshal.WriteByte(blocks[i], offset, 1);
            }
        }

        // One block still in use after them keeps the heap's top where it is: freeing the rest cannot shrink it.
        var pin = Marshal.AllocHGlobal(BlockBytes);
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }

        try
        {
            var held = Resident();
            NativeHeap.Trim();
            var trimmed = Resident();
            Assert.True(held - trimmed >= 384L << 20, $"resident {held >> 20} MB before the trim, {trimmed >> 20} MB after (512 MB freed)");
        }
        finally
        {
            Marshal.FreeHGlobal(pin);
        }
    }

    private static long Resident()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
