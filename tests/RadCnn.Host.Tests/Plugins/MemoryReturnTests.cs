using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using RadCnn.Host.Plugins;
using RadCnn.Host.Runner;

namespace RadCnn.Host.Tests.Plugins;

public sealed class MemoryReturnTests
{
    [Fact]
    public void A_job_that_allocated_past_the_threshold_gives_its_large_arrays_back_to_the_system()
    {
        var memory = new MemoryReturn(thresholdMegabytes: 256);
        AllocateAndDrop(megabytes: 384);

        var collection = memory.AfterJob();

        Assert.NotNull(collection);
        // The dropped 384 MB array was on the heap before the collection and is gone after it.
        Assert.True(
            collection.Value.HeapBeforeMegabytes - collection.Value.HeapAfterMegabytes >= 300,
            $"managed heap {collection.Value.HeapBeforeMegabytes} -> {collection.Value.HeapAfterMegabytes} MB");
        // Counting starts again from the return: the next small job is not due.
        Assert.Null(memory.AfterJob());
    }

    [Fact]
    public void Below_the_threshold_or_switched_off_nothing_is_collected()
    {
        var memory = new MemoryReturn(thresholdMegabytes: 1 << 20);
        AllocateAndDrop(megabytes: 16);
        Assert.Null(memory.AfterJob());

        var off = new MemoryReturn(thresholdMegabytes: 0);
        AllocateAndDrop(megabytes: 64);
        Assert.Null(off.AfterJob());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryReturn(-1));
    }

    [Fact]
    public void The_option_defaults_to_a_gigabyte_and_is_validated()
    {
        Assert.Equal(1024, new RunnerOptions().ReturnMemoryAfterMegabytes);
        var invalid = new RunnerOptions { ReturnMemoryAfterMegabytes = -1 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(invalid, new(invalid), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(RunnerOptions.ReturnMemoryAfterMegabytes)));
    }

    [Fact]
    public void The_setting_a_plugin_host_process_reads_is_the_runners_and_falls_back_to_the_default()
    {
        Assert.Equal($"{RunnerOptions.Section}:{nameof(RunnerOptions.ReturnMemoryAfterMegabytes)}", MemoryReturn.ThresholdSetting);
        static int From(string? value) => MemoryReturn.ThresholdFrom(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [MemoryReturn.ThresholdSetting] = value }).Build());
        Assert.Equal(64, From("64"));
        Assert.Equal(0, From("0"));
        Assert.Equal(MemoryReturn.DefaultThresholdMegabytes, From(null));
        Assert.Equal(MemoryReturn.DefaultThresholdMegabytes, From("-1"));
        Assert.Equal(MemoryReturn.DefaultThresholdMegabytes, From("lots"));
        Assert.Equal(MemoryReturn.DefaultThresholdMegabytes, From(((long)MemoryReturn.MaximumThresholdMegabytes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    // A volume's worth of floats, touched so that its pages are resident, then dropped as a finished job drops its maps.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateAndDrop(int megabytes)
    {
        var voxels = new float[megabytes * (1 << 18)];
        for (var i = 0; i < voxels.Length; i += 1024)
        {
            voxels[i] = i;
        }

        GC.KeepAlive(voxels);
    }
}
