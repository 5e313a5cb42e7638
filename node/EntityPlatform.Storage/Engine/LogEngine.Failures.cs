using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Recovery;

namespace EntityPlatform.Storage.Engine;

public sealed partial class LogEngine
{
    /// <summary>
    /// Called when a write (commit, compaction, wipe) failed part way: the in-memory state may be ahead of
    /// the disk. A full disk is recoverable in place: the device forgets everything since its last commit
    /// and the state is rebuilt from it by the code that runs on open, so the engine serves exactly what
    /// is durable and the next batch may succeed once there is room. Returns the exception to throw then.
    /// Any other error (or a failed rollback) leaves the engine failed until it is reopened, and returns null.
    /// </summary>
    private StorageFullException? RollBackIfDiskFull(Exception error, string refused)
    {
        if (!DiskFull.Is(error))
        {
            faulted = error.Message;
            return null;
        }

        try
        {
            device.ResetToDurable();
            table = new GroupTable();
            ledger = new DamageLedger();
            encoder.Writer.Reset();
            encoder.PendingGroups.Clear();
            var (cookie, _) = new LogRecovery(device, table, ledger).Run();
            encoder.NextLsn = cookie.LastLsn + 1;
            // The failed commit may still have become durable (its metadata written before the error came
            // back); then it counts: it was not acknowledged, and a restart would show it too.
            DurableBatchSeq = cookie.BatchSeq;
        }
        catch (Exception reset) when (reset is not InvariantViolationException)
        {
            faulted = $"{error.Message}; rolling back to the last commit failed too: {reset.Message}";
            return null;
        }

        Metrics.RefusedDiskFull();
        Metrics.PublishLogBytes(LogBytes);
        return new StorageFullException(
            $"the log device is full: {refused} was refused and nothing of it was acknowledged; every batch up to " +
            $"{DurableBatchSeq} is intact. Free disk space or grow the volume (snapshots and compaction also move the " +
            $"log head); writes resume then. Device: {error.Message}", error);
    }
}
