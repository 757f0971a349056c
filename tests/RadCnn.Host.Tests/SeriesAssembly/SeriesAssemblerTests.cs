using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.SeriesAssembly;

public sealed class SeriesAssemblerTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-assembly");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly SqliteJobStore _store;
    private readonly SeriesAssemblyOptions _options = new()
    {
        QuietPeriodSeconds = 10,
        QuietPeriodSecondsByCallingAe = { ["SLOWCT"] = 60 },
    };

    public SeriesAssemblerTests() => _store = new SqliteJobStore(_dir.Combine("db"), _time);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_series_is_ready_after_its_quiet_period_and_not_before()
    {
        var assembler = new SeriesAssembler(_store, _options, _time);
        assembler.Observe(await _store.PutInstanceAsync(Instance("1.1")), "CT");
        _time.Advance(TimeSpan.FromSeconds(6));
        assembler.Observe(await _store.PutInstanceAsync(Instance("1.2")), "CT");
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Empty(await assembler.CompleteQuietSeriesAsync(default));
        _time.Advance(TimeSpan.FromSeconds(4));
        var item = Assert.Single(await assembler.CompleteQuietSeriesAsync(default));
        Assert.Equal("1.2.3.1", item.Key);
        Assert.Equal(0, assembler.PendingCount);
        Assert.Equal(2, (await _store.GetSeriesAsync("1.2.3.1"))!.InstanceCount);
    }

    [Fact]
    public async Task The_quiet_period_follows_the_calling_ae()
    {
        var assembler = new SeriesAssembler(_store, _options, _time);
        var slow = Instance("2.1", series: "9.9") with { CallingAe = "SLOWCT" };
        assembler.Observe(await _store.PutInstanceAsync(slow), "CT");
        assembler.Observe(await _store.PutInstanceAsync(Instance("1.1")), "CT");
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal("1.2.3.1", Assert.Single(await assembler.CompleteQuietSeriesAsync(default)).Key);
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal("9.9", Assert.Single(await assembler.CompleteQuietSeriesAsync(default)).Key);
    }

    [Fact]
    public async Task A_late_instance_reopens_the_series_and_it_completes_again_as_the_next_generation()
    {
        var assembler = new SeriesAssembler(_store, _options, _time);
        assembler.Observe(await _store.PutInstanceAsync(Instance("1.1")), "CT");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Assert.Single(await assembler.CompleteQuietSeriesAsync(default)).Generation);

        assembler.Observe(await _store.PutInstanceAsync(Instance("1.1")), "CT"); // an identical re-send changes nothing
        Assert.Equal(0, assembler.PendingCount);
        assembler.Observe(await _store.PutInstanceAsync(Instance("1.2")), "CT");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, Assert.Single(await assembler.CompleteQuietSeriesAsync(default)).Generation);
    }

    [Fact]
    public async Task An_instance_stored_but_not_yet_observed_keeps_the_series_open()
    {
        var assembler = new SeriesAssembler(_store, _options, _time);
        assembler.Observe(await _store.PutInstanceAsync(Instance("1.1")), "CT");
        _time.Advance(TimeSpan.FromSeconds(10));
        var racing = await _store.PutInstanceAsync(Instance("1.2")); // committed, the assembler not told yet

        Assert.Empty(await assembler.CompleteQuietSeriesAsync(default));
        assembler.Observe(racing, "CT");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(await assembler.CompleteQuietSeriesAsync(default));
    }

    [Fact]
    public async Task After_a_restart_open_series_get_a_fresh_quiet_period()
    {
        await _store.PutInstanceAsync(Instance("1.1"));
        var assembler = new SeriesAssembler(_store, _options, _time);
        await assembler.RestoreAsync(default);
        Assert.Equal(1, assembler.PendingCount);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await assembler.CompleteQuietSeriesAsync(default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await assembler.CompleteQuietSeriesAsync(default));
    }
}
