using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Log;

/// <summary>
/// Entries (and at most one incoming snapshot) that the core has accepted but the application has not yet
/// reported as persisted. <c>entries[i]</c> has index <c>Offset + i</c>.
/// Invariant: when a snapshot is held, Offset = snapshot index + 1.
/// </summary>
internal sealed class UnstableLog
{
    private readonly List<Entry> entries = [];

    public UnstableLog(ulong offset) => Offset = offset;

    public ulong Offset { get; private set; }

    public Snapshot? Snapshot { get; private set; }

    public int Count => entries.Count;

    /// <summary>The index of the first entry the snapshot implies, if a snapshot is pending.</summary>
    public bool TryFirstIndex(out ulong index)
    {
        index = Snapshot is null ? 0 : Snapshot.Metadata.Index + 1;
        return Snapshot is not null;
    }

    public bool TryLastIndex(out ulong index)
    {
        if (entries.Count > 0)
        {
            index = Offset + (ulong)entries.Count - 1;
            return true;
        }

        index = Snapshot?.Metadata.Index ?? 0;
        return Snapshot is not null;
    }

    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        if (index < Offset)
        {
            if (Snapshot is not null && Snapshot.Metadata.Index == index)
            {
                term = Snapshot.Metadata.Term;
                return true;
            }

            return false;
        }

        if (!TryLastIndex(out var last) || index > last)
        {
            return false;
        }

        term = entries[(int)(index - Offset)].Term;
        return true;
    }

    public Entry[] Entries() => entries.ToArray();

    public Entry[] Slice(ulong low, ulong high)
    {
        Invariant.Assert(low >= Offset && high <= Offset + (ulong)entries.Count, $"unstable slice [{low},{high}) outside offset {Offset} count {entries.Count}");
        var slice = new Entry[high - low];
        entries.CopyTo((int)(low - Offset), slice, 0, slice.Length);
        return slice;
    }

    /// <summary>
    /// The application persisted entries up to (index, term). Entries are dropped only when the term still
    /// matches: a newer leader may have overwritten that index while the write was in flight.
    /// </summary>
    public void StableTo(ulong index, ulong term)
    {
        if (!TryTerm(index, out var currentTerm) || currentTerm != term || index < Offset)
        {
            return;
        }

        var count = (int)(index + 1 - Offset);
        entries.RemoveRange(0, count);
        Offset = index + 1;
    }

    public void StableSnapshotTo(ulong index)
    {
        if (Snapshot is not null && Snapshot.Metadata.Index == index)
        {
            Snapshot = null;
        }
    }

    public void Restore(Snapshot snapshot)
    {
        Offset = snapshot.Metadata.Index + 1;
        entries.Clear();
        Snapshot = snapshot;
    }

    /// <summary>Appends after truncating any conflicting suffix; the first new entry decides where the cut is.</summary>
    public void TruncateAndAppend(ReadOnlySpan<Entry> incoming)
    {
        var from = incoming[0].Index;
        if (from == Offset + (ulong)entries.Count)
        {
            // The common case: a direct continuation.
        }
        else if (from <= Offset)
        {
            // Replaces everything unstable; the application must also overwrite its durable tail from here.
            Offset = from;
            entries.Clear();
        }
        else
        {
            entries.RemoveRange((int)(from - Offset), entries.Count - (int)(from - Offset));
        }

        foreach (var entry in incoming)
        {
            entries.Add(entry);
        }
    }
}
