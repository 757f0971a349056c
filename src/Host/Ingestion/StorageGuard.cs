using RadCnn.Host.Store;

namespace RadCnn.Host.Ingestion;

/// <summary>Refuses new items before the spool's disk runs out, so the store, the WAL and outputs still have room.</summary>
internal sealed class StorageGuard(string spoolRoot, StorageOptions options)
{
    public void EnsureRoomFor(long bytes)
    {
        var free = new DriveInfo(spoolRoot).AvailableFreeSpace;
        var reserve = options.ReserveMegabytes * 1024 * 1024;
        if (free - bytes < reserve)
        {
            throw new InsufficientStorageException(
                $"the spool's disk has {free / (1024 * 1024)} MB free, below the reserve of {options.ReserveMegabytes} MB");
        }
    }
}
