using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// The growable parts of a <see cref="WriteBatch"/>. The engine hands them from a committed batch to the
/// next one, so a steady stream of batches allocates nothing per batch here (a large entry buffer would
/// otherwise be a new large-object allocation, and a full GC trigger, on every commit). Buffers that grew
/// past <see cref="MaxKeptEntries"/> are not kept, so one huge batch does not pin its memory forever.
/// </summary>
internal sealed class BatchBuffers
{
    public const int MaxKeptEntries = 1 << 18;

    public Dictionary<ulong, GroupShadow> Shadows { get; } = [];
    public List<BatchOperation> Operations { get; } = [];

    /// <summary>Every Append's entries, back to back (an operation holds its range).</summary>
    public Entry[] Entries { get; private set; } = [];
    public int EntryCount { get; private set; }

    public bool WorthKeeping => Entries.Length <= MaxKeptEntries && Operations.Capacity <= MaxKeptEntries;

    /// <summary>Copies <paramref name="entries"/> after the others and returns where they start.</summary>
    public int AddEntries(ReadOnlySpan<Entry> entries)
    {
        if (Entries.Length - EntryCount < entries.Length)
        {
            var grown = new Entry[Math.Max(EntryCount + entries.Length, Math.Max(64, Entries.Length * 2))];
            Entries.AsSpan(0, EntryCount).CopyTo(grown);
            Entries = grown;
        }

        var start = EntryCount;
        entries.CopyTo(Entries.AsSpan(start));
        EntryCount += entries.Length;
        return start;
    }

    /// <summary>Empties the buffers, dropping the references to the caller's entry data.</summary>
    public void Clear()
    {
        Shadows.Clear();
        Operations.Clear();
        Array.Clear(Entries, 0, EntryCount);
        EntryCount = 0;
    }
}
