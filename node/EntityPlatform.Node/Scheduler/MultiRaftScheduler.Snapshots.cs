using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    /// <summary>Once enough entries were applied since the last snapshot, snapshot in the next commit.</summary>
    private void MaybeScheduleSnapshot(ShardReplica replica)
    {
        var applied = replica.Machine.AppliedIndex;
        if (applied < replica.SnapshotIndex + options.SnapshotEveryEntries)
        {
            return;
        }

        ScheduleSnapshot(replica, compactAll: false);
    }

    private void ScheduleSnapshot(ShardReplica replica, bool compactAll)
    {
        var applied = replica.Machine.AppliedIndex;
        if (applied <= replica.SnapshotIndex || pendingSnapshots.Any(pending => pending.Replica == replica))
        {
            return;
        }

        if (replica.Log.TryGetTerm(applied, out var term) != Consensus.Log.StorageLookup.Ok)
        {
            return;
        }

        pendingSnapshots.Add((replica, applied, term, replica.ConfState, compactAll));
    }

    /// <summary>Writes the state machine to a snapshot file (temp, fsync, rename) and records it, then compacts.</summary>
    private void StageLocalSnapshot(WriteBatch batch, ShardReplica replica, ulong index, ulong term, ConfState confState, bool compactAll)
    {
        // Scheduled while applying the previous Ready; nothing is applied between then and this commit.
        Invariant.Assert(replica.Machine.AppliedIndex == index, "a snapshot is taken at the applied index it was scheduled at");
        var metadata = new SnapshotMetadata(index, term, confState);
        using var buffer = new MemoryStream();
        replica.Machine.WriteSnapshot(buffer);
        using (var writer = snapshots.BeginWrite(replica.GroupId, metadata))
        {
            writer.WriteChunk(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            writer.Complete();
        }

        batch.CreateSnapshot(replica.GroupId, index, confState);
        var compactTo = compactAll ? index : index > options.EntriesKeptAfterSnapshot ? index - options.EntriesKeptAfterSnapshot : 0;
        if (compactTo > 0)
        {
            batch.Compact(replica.GroupId, compactTo);
        }

        replica.SnapshotIndex = index;
        snapshots.DeleteOlderThan(replica.GroupId, index);
        LogMessages.SnapshotTaken(logger, replica.Shard.ToString(), index, buffer.Length, compactTo);
    }

    /// <summary>A snapshot from the leader is written to its file before the log records it as installed.</summary>
    private void WriteSnapshotFile(ulong groupId, Snapshot snapshot)
    {
        using var writer = snapshots.BeginWrite(groupId, snapshot.Metadata);
        writer.WriteChunk(snapshot.Data.Span);
        writer.Complete();
    }

    /// <summary>The core's snapshot message carries metadata only; the transport needs the file's bytes.</summary>
    private Message WithSnapshotData(Message message)
    {
        var metadata = message.Snapshot!.Metadata;
        using var reader = snapshots.OpenRead(message.GroupId, metadata.Index, metadata.Term);
        using var buffer = new MemoryStream();
        foreach (var chunk in reader.ReadChunks())
        {
            buffer.Write(chunk.Span);
        }

        return message with { Snapshot = new Snapshot(metadata, buffer.ToArray()) };
    }
}
