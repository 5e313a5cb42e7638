using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    private readonly List<(ShardReplica Replica, Ready Ready)> readies = [];

    // Replicas that may have a Ready: touched by a message, a tick while awake, or client work in this
    // iteration. Checking only these keeps thousands of idle shards from costing a HasReady each per loop;
    // every upkeep marks all replicas, so a replica missed here waits at most one upkeep period.
    private readonly HashSet<ShardReplica> active = [];
    private readonly Dictionary<ulong, List<Message>> outbound = [];

    // Replicas that want a local snapshot; it is taken at the start of the next storage commit, of the state
    // applied by then (nothing is applied between that point and the commit).
    private readonly Dictionary<ShardReplica, bool> pendingSnapshots = [];

    /// <summary>Steps 3–7 of the loop: collect, persist once, send, apply, advance.</summary>
    private void ProcessReadies()
    {
        readies.Clear();
        foreach (var replica in active)
        {
            if (replicas.ContainsKey(replica.GroupId) && GetReadyOrFault(replica) is { } ready)
            {
                readies.Add((replica, ready));
            }
        }

        active.Clear();
        foreach (var (replica, _) in readies)
        {
            // Advancing may leave more to do (bounded committed batches): look again next iteration.
            active.Add(replica);
        }

        if (readies.Count == 0 && pendingSnapshots.Count == 0 && (deferredHardStates.Count == 0 || ticksSinceDeferredFlush < DeferredHardStateFlushTicks))
        {
            return;
        }

        PersistAll();
        SendAll();
        foreach (var (replica, ready) in readies)
        {
            // An error here stops this replica only (Faults.cs); its Ready was persisted and sent before.
            FinishReadyOrFault(replica, ready);
        }

        PublishEvents();

        CompactLogAfterSnapshots();
    }

    /// <summary>One storage commit (one fsync) for every group's entries, hard state and snapshots.</summary>
    private void PersistAll()
    {
        var batch = engine.NewBatch();
        foreach (var (replica, compactAll) in pendingSnapshots)
        {
            StageLocalSnapshot(batch, replica, compactAll);
        }

        pendingSnapshots.Clear();
        foreach (var (replica, ready) in readies)
        {
            if (ready.Snapshot is { } snapshot)
            {
                WriteSnapshotFile(replica.GroupId, snapshot);
                batch.InstallSnapshot(replica.GroupId, snapshot.Metadata);
                snapshotsAdvanced = true;
            }

            batch.Append(replica.GroupId, ready.Entries);
            if (ready.HardState is { } hardState)
            {
                if (ready.MustSync || ready.Snapshot is not null)
                {
                    batch.SetHardState(replica.GroupId, hardState);
                    deferredHardStates.Remove(replica.GroupId);
                }
                else
                {
                    // Only the commit index moved: it needs no fsync of its own (a restarted replica learns
                    // it again from the leader), so it rides along with the next commit that syncs anyway.
                    deferredHardStates[replica.GroupId] = hardState;
                }
            }
        }

        if (batch.OperationCount > 0 || ticksSinceDeferredFlush >= DeferredHardStateFlushTicks)
        {
            foreach (var (groupId, hardState) in deferredHardStates)
            {
                if (replicas.ContainsKey(groupId))
                {
                    batch.SetHardState(groupId, hardState);
                }
            }

            deferredHardStates.Clear();
            ticksSinceDeferredFlush = 0;
        }

        if (batch.OperationCount > 0)
        {
            // Stamped for the watchdog: a commit that never returns (a hung disk) must fail the node's health.
            Volatile.Write(ref commitStartedTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
            engine.Commit(batch);
            Volatile.Write(ref commitStartedTimestamp, 0);
        }
    }

    // Commit-index-only hard states waiting for the next syncing commit, flushed at least this often.
    private const int DeferredHardStateFlushTicks = 10;
    private readonly Dictionary<ulong, HardState> deferredHardStates = [];
    private int ticksSinceDeferredFlush;

    /// <summary>Messages leave only after the commit above: a vote or an ack must be durable first.</summary>
    private void SendAll()
    {
        foreach (var (_, ready) in readies)
        {
            foreach (var message in ready.Messages)
            {
                if (!outbound.TryGetValue(message.To, out var list))
                {
                    outbound[message.To] = list = [];
                }

                // A MSG_SNAP goes with metadata only: the transport streams the data from the snapshot file.
                list.Add(message);
            }
        }

        foreach (var (node, messages) in outbound)
        {
            if (messages.Count > 0)
            {
                transport.Send(node, messages.ToArray());
                messages.Clear();
            }
        }
    }

    private void ApplyReady(ShardReplica replica, Ready ready)
    {
        if (ready.SoftState is { } softState)
        {
            OnRoleChanged(replica, softState);
        }

        if (ready.Snapshot is { } snapshot)
        {
            RestoreFromSnapshotFile(replica, snapshot.Metadata);
            OnSnapshotRestored(replica);
            replica.ConfState = snapshot.Metadata.ConfState;
            replica.SnapshotIndex = snapshot.Metadata.Index;
            FailProposalsAtOrBelow(replica, snapshot.Metadata.Index);
        }

        foreach (var entry in ready.CommittedEntries)
        {
            ApplyEntry(replica, entry);
        }

        foreach (var readState in ready.ReadStates)
        {
            replica.Freshness.OnAnswered(readState.Context, readState.Index, replica.Machine.AppliedIndex);
            if (replica.ReadsAwaitingIndex.Remove(readState.Context, out var query))
            {
                replica.ReadsAwaitingApply.Add((readState.Index, query));
            }
        }
    }

    private void ApplyEntry(ShardReplica replica, Entry entry)
    {
        if (entry.Type == EntryType.ConfChange)
        {
            ApplyConfChange(replica, entry);
            replica.Machine.Skip(entry.Index);
            return;
        }

        if (entry.Data.IsEmpty)
        {
            replica.Machine.Skip(entry.Index);
            return;
        }

        BeginApply(replica, entry);
        var result = replica.Machine.Apply(entry.Index, entry.Data.Span);
        AppendEvents(replica, result);
        CompleteProposal(replica, entry, result);
    }
}
