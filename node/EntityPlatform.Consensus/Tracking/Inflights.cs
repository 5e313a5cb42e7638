namespace EntityPlatform.Consensus.Tracking;

/// <summary>
/// The sliding window of appends sent to one follower in <see cref="ProgressState.Replicate"/> and not
/// yet acknowledged. Each slot holds the last log index of one append and its payload size. The window
/// is bounded both by message count and by total bytes, so that a slow follower cannot make the leader
/// buffer unbounded data. It is a ring buffer whose storage grows lazily up to the count limit, because
/// most followers never fill it and a group can have many of them.
/// </summary>
public sealed class Inflights
{
    // Slots are addressed modulo maxCount. Invariant: every occupied slot is below storage.Length, the
    // occupied slots run from start for count slots, and their indexes increase strictly.
    private Slot[] storage;
    private int start;

    public Inflights(int maxCount, ulong maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        MaxCount = maxCount;
        MaxBytes = maxBytes;
        storage = [];
    }

    private Inflights(Inflights source)
    {
        MaxCount = source.MaxCount;
        MaxBytes = source.MaxBytes;
        storage = (Slot[])source.storage.Clone();
        start = source.start;
        Count = source.Count;
        Bytes = source.Bytes;
    }

    /// <summary>The most appends that may be in flight at once.</summary>
    public int MaxCount { get; }

    /// <summary>The most payload bytes that may be in flight at once; 0 means no byte limit.</summary>
    public ulong MaxBytes { get; }

    /// <summary>How many appends are in flight.</summary>
    public int Count { get; private set; }

    /// <summary>The payload bytes of the appends in flight.</summary>
    public ulong Bytes { get; private set; }

    /// <summary>
    /// True when no further append may be sent. The byte limit counts as reached once it is met or
    /// exceeded, so one oversized append is allowed through but nothing after it.
    /// </summary>
    public bool Full => Count == MaxCount || (MaxBytes != 0 && Bytes >= MaxBytes);

    /// <summary>Records an append whose last entry is <paramref name="index"/>. Indexes must increase.</summary>
    public void Add(ulong index, ulong bytes)
    {
        Invariant.Assert(!Full, "an append was sent although the inflight window is full");
        if (Count > 0)
        {
            Invariant.Assert(index > storage[Wrap(start + Count - 1)].Index, "inflight indexes must increase");
        }

        var slot = Wrap(start + Count);
        if (slot >= storage.Length)
        {
            Grow(slot);
        }

        storage[slot] = new Slot(index, bytes);
        Count++;
        Bytes += bytes;
    }

    /// <summary>Frees every append whose last index is at most <paramref name="index"/> (it was acknowledged).</summary>
    public void FreeLE(ulong index)
    {
        if (Count == 0 || index < storage[start].Index)
        {
            return;
        }

        var freed = 0;
        var slot = start;
        while (freed < Count && storage[slot].Index <= index)
        {
            Bytes -= storage[slot].Bytes;
            freed++;
            slot = Wrap(slot + 1);
        }

        Count -= freed;
        // Restarting at slot 0 when empty keeps the used storage compact, so it rarely needs to grow.
        start = Count == 0 ? 0 : slot;
    }

    /// <summary>Forgets everything in flight, as when the follower leaves the replicate state.</summary>
    public void Reset()
    {
        start = 0;
        Count = 0;
        Bytes = 0;
    }

    public Inflights Clone() => new(this);

    private int Wrap(int slot) => slot >= MaxCount ? slot - MaxCount : slot;

    private void Grow(int neededSlot)
    {
        var length = Math.Max(4, storage.Length * 2);
        while (length <= neededSlot)
        {
            length *= 2;
        }

        // Slot positions are absolute (modulo MaxCount), so copying to the same positions keeps them valid.
        var grown = new Slot[Math.Min(length, MaxCount)];
        storage.CopyTo(grown, 0);
        storage = grown;
    }

    private readonly record struct Slot(ulong Index, ulong Bytes);
}
