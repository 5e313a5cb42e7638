using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Snapshots;

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

        FlushEventLogBeforeSnapshot(replica);
        var metadata = new SnapshotMetadata(index, term, replica.ConfState);
        ulong dataBytes;
        using (var writer = snapshots.BeginWrite(replica.GroupId, metadata))
        {
            // Serialized straight into the file a chunk at a time: no snapshot is ever whole in memory.
            using (var stream = new SnapshotWriterStream(writer))
            {
                replica.Machine.WriteSnapshot(stream);
            }

            dataBytes = writer.DataBytes;
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
        LogMessages.SnapshotTaken(logger, replica.Shard.ToString(), index, (long)dataBytes, compactTo);
    }

    /// <summary>
    /// A snapshot from the leader must be in its file before the log records it as installed. Through the
    /// network transport it already is: the transport received it into a file, verified it and moved it
    /// into the store before the MSG_SNAP was stepped (its data is empty). A transport that carries the
    /// bytes inline (the in-process one of the tests) has them written here.
    /// </summary>
    private void WriteSnapshotFile(ulong groupId, Snapshot snapshot)
    {
        var metadata = snapshot.Metadata;
        if (snapshot.Data.IsEmpty)
        {
            Invariant.Assert(snapshots.Exists(groupId, metadata.Index, metadata.Term),
                "a MSG_SNAP without data is only delivered after its file was moved into the snapshot store");
            return;
        }

        using var writer = snapshots.BeginWrite(groupId, metadata);
        writer.WriteChunk(snapshot.Data.Span);
        writer.Complete();
    }

    /// <summary>Replaces the state machine's state with the snapshot file's, streamed a chunk at a time.</summary>
    private void RestoreFromSnapshotFile(ShardReplica replica, SnapshotMetadata metadata)
    {
        using var reader = snapshots.OpenRead(replica.GroupId, metadata.Index, metadata.Term);
        using var stream = new ChunkStream(reader.ReadChunks());
        replica.Machine.RestoreSnapshot(stream);
    }
}
