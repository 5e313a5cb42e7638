using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    // Set when a commit records a newer snapshot (local or installed): that is what turns log space dead,
    // so it is when a compaction pass can free something.
    private bool snapshotsAdvanced;

    /// <summary>
    /// The log's disk bound (issue 12): after snapshots moved forward, one compaction pass if the log is past
    /// LogEngineOptions.CompactAboveBytes. A pass is bounded work (the relocation budget and one commit) and
    /// runs after the iteration's messages were sent and its entries applied, so it delays no reply.
    /// </summary>
    private void CompactLogAfterSnapshots()
    {
        if (!snapshotsAdvanced)
        {
            return;
        }

        snapshotsAdvanced = false;
        if (engine.MaybeCompactLog() is { } pass)
        {
            LogMessages.LogCompacted(logger, pass.RelocatedGroups, pass.RelocatedBytes, pass.OldBeginAddress, pass.NewBeginAddress, pass.PinnedBy, engine.LogBytes);
        }
    }

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
        if (replicas.ContainsKey(replica.GroupId))
        {
            pendingSnapshots[replica] = compactAll || pendingSnapshots.GetValueOrDefault(replica);
        }
    }

    /// <summary>Writes the applied state to a snapshot file (temp, fsync, rename), records it, and compacts.</summary>
    private void StageLocalSnapshot(WriteBatch batch, ShardReplica replica, bool compactAll)
    {
        var index = replica.Machine.AppliedIndex;
        if (index <= replica.SnapshotIndex || !replicas.ContainsKey(replica.GroupId) ||
            replica.Log.TryGetTerm(index, out var term) != Consensus.Log.StorageLookup.Ok)
        {
            return;
        }

        var metadata = new SnapshotMetadata(index, term, replica.ConfState);
        using var buffer = new MemoryStream();
        replica.Machine.WriteSnapshot(buffer);
        using (var writer = snapshots.BeginWrite(replica.GroupId, metadata))
        {
            writer.WriteChunk(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            writer.Complete();
        }

        batch.CreateSnapshot(replica.GroupId, index, replica.ConfState);
        var compactTo = compactAll ? index : index > options.EntriesKeptAfterSnapshot ? index - options.EntriesKeptAfterSnapshot : 0;
        if (compactTo > 0)
        {
            batch.Compact(replica.GroupId, compactTo);
        }

        replica.SnapshotIndex = index;
        snapshotsAdvanced = true;
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
