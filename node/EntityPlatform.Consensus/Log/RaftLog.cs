using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Log;

/// <summary>
/// A group's log as the protocol sees it: the persisted part (read through <see cref="IRaftLogStorage"/>)
/// followed by the unstable part that is waiting to be persisted.
/// Invariants: Applied ≤ Committed ≤ LastIndex; FirstIndex - 1 ≤ Applied.
/// </summary>
public sealed class RaftLog
{
    private readonly IRaftLogStorage storage;
    private readonly UnstableLog unstable;
    private readonly ulong maxCommittedBytesPerReady;

    public RaftLog(IRaftLogStorage storage, ulong maxCommittedBytesPerReady)
    {
        this.storage = storage;
        this.maxCommittedBytesPerReady = maxCommittedBytesPerReady;
        var firstIndex = storage.FirstIndex;
        unstable = new UnstableLog(storage.LastIndex + 1);
        Committed = firstIndex - 1;
        Applied = firstIndex - 1;
    }

    public ulong Committed { get; private set; }

    public ulong Applied { get; private set; }

    public ulong FirstIndex => unstable.TryFirstIndex(out var index) ? index : storage.FirstIndex;

    public ulong LastIndex => unstable.TryLastIndex(out var index) ? index : storage.LastIndex;

    public ulong LastTerm => TermOrZero(LastIndex);

    /// <summary>The snapshot the application must install, if one arrived and is not yet persisted.</summary>
    public Snapshot? UnstableSnapshot => unstable.Snapshot;

    public bool HasUnstableEntries => unstable.Count > 0;

    public Entry[] UnstableEntries() => unstable.Entries();

    /// <summary>The term at <paramref name="index"/>; false when it is compacted away or past the end.</summary>
    public bool TryTerm(ulong index, out ulong term)
    {
        // The valid range is [FirstIndex - 1, LastIndex]: the entry before the first is the snapshot's.
        term = 0;
        if (index + 1 < FirstIndex || index > LastIndex)
        {
            return false;
        }

        if (unstable.TryTerm(index, out term))
        {
            return true;
        }

        return storage.TryGetTerm(index, out term) == StorageLookup.Ok;
    }

    /// <summary>The term at <paramref name="index"/>, or 0 when unknown; 0 never matches a real entry.</summary>
    public ulong TermOrZero(ulong index) => TryTerm(index, out var term) ? term : 0;

    public bool MatchTerm(ulong index, ulong term) => TryTerm(index, out var actual) && actual == term;

    /// <summary>Raft's "at least as up to date" rule for granting votes (§5.4.1).</summary>
    public bool IsUpToDate(ulong lastIndex, ulong term) =>
        term > LastTerm || (term == LastTerm && lastIndex >= LastIndex);

    /// <summary>
    /// Handles an append from the leader: if our log matches at (index, logTerm), the entries are merged
    /// (conflicting suffix replaced) and the commit index advances. Returns the last new index, or null on
    /// a mismatch.
    /// </summary>
    public ulong? MaybeAppend(ulong index, ulong logTerm, ulong committed, Entry[] entries)
    {
        if (!MatchTerm(index, logTerm))
        {
            return null;
        }

        var lastNewIndex = index + (ulong)entries.Length;
        var conflictIndex = FindConflict(entries);
        if (conflictIndex != 0)
        {
            Invariant.Assert(conflictIndex > Committed, $"entry {conflictIndex} conflicts with committed entry up to {Committed}");
            Append(entries.AsSpan((int)(conflictIndex - (index + 1))));
        }

        CommitTo(Math.Min(committed, lastNewIndex));
        return lastNewIndex;
    }

    public ulong Append(ReadOnlySpan<Entry> entries)
    {
        if (entries.IsEmpty)
        {
            return LastIndex;
        }

        Invariant.Assert(entries[0].Index - 1 >= Committed, $"appending at {entries[0].Index} would overwrite committed {Committed}");
        unstable.TruncateAndAppend(entries);
        return LastIndex;
    }

    /// <summary>The first entry whose term differs from ours, or 0 when all given entries are already present.</summary>
    private ulong FindConflict(Entry[] entries)
    {
        foreach (var entry in entries)
        {
            if (!MatchTerm(entry.Index, entry.Term))
            {
                return entry.Index;
            }
        }

        return 0;
    }

    /// <summary>
    /// For a rejected append: the largest index ≤ <paramref name="index"/> whose term is ≤
    /// <paramref name="term"/>. Lets a leader skip a whole divergent term per round trip instead of one entry.
    /// </summary>
    public (ulong Index, ulong Term) FindConflictByTerm(ulong index, ulong term)
    {
        for (; index > 0; index--)
        {
            if (!TryTerm(index, out var ourTerm))
            {
                return (index, 0);
            }

            if (ourTerm <= term)
            {
                return (index, ourTerm);
            }
        }

        return (0, 0);
    }

    public void CommitTo(ulong committed)
    {
        if (committed <= Committed)
        {
            return;
        }

        Invariant.Assert(committed <= LastIndex, $"commit {committed} is past the last index {LastIndex}");
        Committed = committed;
    }

    /// <summary>The leader commits an index only when the entry there is from its own term (§5.4.2).</summary>
    public bool MaybeCommit(ulong index, ulong term)
    {
        if (index > Committed && TermOrZero(index) == term)
        {
            CommitTo(index);
            return true;
        }

        return false;
    }

    public void AppliedTo(ulong index)
    {
        if (index == 0)
        {
            return;
        }

        Invariant.Assert(index <= Committed && index >= Applied, $"applied {index} outside [{Applied}, {Committed}]");
        Applied = index;
    }

    public void StableTo(ulong index, ulong term) => unstable.StableTo(index, term);

    public void StableSnapshotTo(ulong index) => unstable.StableSnapshotTo(index);

    public bool HasNextCommittedEntries => Committed > Applied && Applied + 1 >= FirstIndex;

    /// <summary>The next committed entries to apply, bounded by bytes but at least one.</summary>
    public Entry[] NextCommittedEntries()
    {
        if (!HasNextCommittedEntries)
        {
            return [];
        }

        return Slice(Applied + 1, Committed + 1, maxCommittedBytesPerReady) ?? [];
    }

    /// <summary>Entries from <paramref name="low"/> to the end, bounded by bytes; null when compacted.</summary>
    public Entry[]? EntriesFrom(ulong low, ulong maxBytes) =>
        low > LastIndex ? [] : Slice(low, LastIndex + 1, maxBytes);

    /// <summary>Entries in [low, high) limited by bytes (at least one); null when low is compacted away.</summary>
    public Entry[]? Slice(ulong low, ulong high, ulong maxBytes)
    {
        Invariant.Assert(low <= high && high <= LastIndex + 1, $"slice [{low},{high}) beyond last {LastIndex}");
        if (low < FirstIndex)
        {
            return null;
        }

        if (low == high)
        {
            return [];
        }

        // Entries come from storage, then from the unstable tail. Most slices lie wholly in one of the two;
        // those return the source's array as is, so a batch is copied once, not twice.
        Entry[] stored = [];
        var stableHigh = Math.Min(high, unstable.Offset);
        if (low < stableHigh)
        {
            if (storage.TryGetEntries(low, stableHigh, maxBytes, out stored) != StorageLookup.Ok)
            {
                return null;
            }

            if ((ulong)stored.Length < stableHigh - low || high <= unstable.Offset)
            {
                return stored;
            }
        }

        var fromUnstable = unstable.Slice(Math.Max(low, unstable.Offset), high);
        return stored.Length == 0 ? LimitBytes(fromUnstable, maxBytes) : Concat(stored, fromUnstable, maxBytes);
    }

    /// <summary>The longest prefix within <paramref name="maxBytes"/>, but at least one entry.</summary>
    private static Entry[] LimitBytes(Entry[] entries, ulong maxBytes)
    {
        var count = CountWithin(entries, 0, maxBytes);
        return count == entries.Length ? entries : entries[..count];
    }

    private static Entry[] Concat(Entry[] first, Entry[] second, ulong maxBytes)
    {
        ulong size = 0;
        foreach (var entry in first)
        {
            size += entry.SizeBytes;
        }

        var count = CountWithin(second, size, maxBytes);
        var result = new Entry[first.Length + count];
        first.CopyTo(result, 0);
        Array.Copy(second, 0, result, first.Length, count);
        return result;
    }

    private static int CountWithin(Entry[] entries, ulong sizeSoFar, ulong maxBytes)
    {
        var count = 0;
        foreach (var entry in entries)
        {
            sizeSoFar += entry.SizeBytes;
            if ((count > 0 || sizeSoFar > entry.SizeBytes) && sizeSoFar > maxBytes)
            {
                break;
            }

            count++;
        }

        return count;
    }

    /// <summary>The latest snapshot: the pending incoming one, else the stored one.</summary>
    public bool TrySnapshot(out Snapshot snapshot)
    {
        if (unstable.Snapshot is { } pending)
        {
            snapshot = pending;
            return true;
        }

        return storage.TryGetSnapshot(out snapshot) == StorageLookup.Ok;
    }

    /// <summary>Replaces the whole log with a snapshot that is ahead of it.</summary>
    public void Restore(Snapshot snapshot)
    {
        Committed = snapshot.Metadata.Index;
        unstable.Restore(snapshot);
    }

    /// <summary>Set on restart from the application's record of what it has applied.</summary>
    public void RestoreApplied(ulong applied)
    {
        Invariant.Assert(applied <= Committed || applied == 0, $"restart applied {applied} past committed {Committed}");
        if (applied > Applied)
        {
            Applied = applied;
        }
    }

    public void RestoreCommitted(ulong committed)
    {
        Invariant.Assert(committed <= LastIndex, $"persisted commit {committed} past last index {LastIndex}");
        Committed = Math.Max(Committed, committed);
    }

    public override string ToString() =>
        $"committed={Committed}, applied={Applied}, unstable.offset={unstable.Offset}, len(unstable.Entries)={unstable.Count}";
}
