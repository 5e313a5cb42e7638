using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Simulation.Checking;

/// <summary>
/// Every safety property the simulator checks, fed by the replica hosts as events happen (persist, apply,
/// elect, acknowledge, read) and by the simulator once per step. Each method throws
/// <see cref="SafetyViolationException"/> at the first event that breaks a property.
/// </summary>
public sealed class SafetyChecker(int keyCount)
{
    private readonly Dictionary<ulong, (ulong Digest, ulong NodeId)> digestByIndex = [];
    private readonly Dictionary<ulong, ulong> commitRecordedByNode = [];

    public LeaderChecker Leaders { get; } = new();
    public CommitLedger Ledger { get; } = new();
    public LogMatchingChecker LogMatching { get; } = new();
    public ReadChecker Reads { get; } = new(keyCount);

    /// <summary>A replica applied <paramref name="entry"/> right after <paramref name="previousApplied"/>.</summary>
    public void OnApplied(ulong nodeId, ulong previousApplied, in Entry entry)
    {
        if (entry.Index != previousApplied + 1)
        {
            throw new SafetyViolationException("applied sequence is a prefix",
                $"n{nodeId} applied {entry.Term}/{entry.Index} right after index {previousApplied}");
        }

        Ledger.RecordEntry(nodeId, entry);
    }

    /// <summary>Replicas that reached the same applied index (by applying or by a snapshot) hold the same state.</summary>
    public void OnStateAt(ulong nodeId, ulong index, ulong digest)
    {
        if (!digestByIndex.TryGetValue(index, out var known))
        {
            digestByIndex[index] = (digest, nodeId);
        }
        else if (known.Digest != digest)
        {
            throw new SafetyViolationException("applied sequence is a prefix",
                $"state at index {index} differs: n{known.NodeId} has digest {known.Digest:x16}, n{nodeId} has {digest:x16}");
        }
    }

    /// <summary>After <paramref name="entries"/> were appended to <paramref name="storage"/>.</summary>
    public void OnEntriesPersisted(ulong nodeId, Entry[] entries, MemoryRaftLogStorage storage)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            ulong? previousTerm = i > 0 ? entries[i - 1].Term
                : storage.TryGetTerm(entry.Index - 1, out var term) == StorageLookup.Ok ? term : null;
            LogMatching.OnPersisted(nodeId, entry, previousTerm);
        }
    }

    /// <summary>A persisted commit index makes every stored entry up to it committed.</summary>
    public void OnCommitPersisted(ulong nodeId, ulong commit, MemoryRaftLogStorage storage)
    {
        commitRecordedByNode.TryGetValue(nodeId, out var recorded);
        if (commit <= recorded)
        {
            return;
        }

        if (commit > storage.LastIndex)
        {
            throw new SafetyViolationException("commit index within the log",
                $"n{nodeId} persisted commit {commit} but its log ends at {storage.LastIndex}");
        }

        var low = Math.Max(recorded + 1, storage.FirstIndex);
        if (low <= commit && storage.TryGetEntries(low, commit + 1, ulong.MaxValue, out var entries) == StorageLookup.Ok)
        {
            foreach (var entry in entries)
            {
                Ledger.RecordEntry(nodeId, entry);
            }
        }

        commitRecordedByNode[nodeId] = commit;
    }

    public void OnSnapshotPersisted(ulong nodeId, SnapshotMetadata metadata)
    {
        Ledger.RecordTerm(nodeId, metadata.Index, metadata.Term);
        commitRecordedByNode.TryGetValue(nodeId, out var recorded);
        commitRecordedByNode[nodeId] = Math.Max(recorded, metadata.Index);
    }

    /// <summary>Leader completeness: a new leader's persisted log holds every entry known to be committed.</summary>
    public void OnLeaderLog(ulong nodeId, ulong term, MemoryRaftLogStorage storage)
    {
        var snapshotIndex = storage.FirstIndex - 1;
        for (var index = snapshotIndex; index <= Ledger.HighestIndex; index++)
        {
            if (index == 0 || !Ledger.TryGetTerm(index, out var committedTerm))
            {
                continue;
            }

            if (storage.TryGetTerm(index, out var ownTerm) != StorageLookup.Ok || ownTerm != committedTerm)
            {
                throw new SafetyViolationException("leader completeness",
                    $"n{nodeId} leads term {term} but its log lacks committed entry {committedTerm}/{index} (last index {storage.LastIndex})");
            }
        }
    }

    public void OnWriteAcked(AckedWrite write, in Entry appliedEntry)
    {
        Ledger.Acknowledge(write, appliedEntry);
        Reads.OnWriteAcked(write);
    }
}
