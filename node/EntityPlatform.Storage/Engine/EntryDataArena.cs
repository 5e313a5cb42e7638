namespace EntityPlatform.Storage.Engine;

/// <summary>
/// The bytes of one group's retained entries, in blocks that are filled in log order. Keeping them in
/// few large blocks instead of one array per record or per entry is what keeps a node with many groups
/// and millions of retained entries cheap for the garbage collector: blocks hold no references, and a
/// block of <see cref="MaxBlockBytes"/> or more is allocated straight in the large object heap, so it is
/// never copied between generations. Blocks grow from <see cref="MinBlockBytes"/> so an idle group costs
/// little. A block is dropped once no retained entry points into it (compaction from the front, suffix
/// overwrite from the back); readers that still hold an entry keep its block alive, as usual.
/// Block ids grow by one per block and are never reused.
/// </summary>
internal sealed class EntryDataArena
{
    public const int MinBlockBytes = 4 << 10;
    public const int MaxBlockBytes = 128 << 10;

    private readonly List<byte[]> blocks = [];
    private long firstBlockId;
    private int used;

    /// <summary>Bytes held in blocks, used or not: what the group's entries cost in memory.</summary>
    public long CapacityBytes { get; private set; }

    /// <summary>Copies <paramref name="data"/> into the arena (contiguously) and returns where it lies.</summary>
    public (long BlockId, int Offset) Add(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            // Nothing to hold: point at the current position, no block needed (Slice of length 0 is empty).
            return (firstBlockId + blocks.Count - 1, used);
        }

        if (blocks.Count == 0 || blocks[^1].Length - used < data.Length)
        {
            var size = blocks.Count == 0 ? MinBlockBytes : Math.Min(MaxBlockBytes, blocks[^1].Length * 2);
            blocks.Add(GC.AllocateUninitializedArray<byte>(Math.Max(size, data.Length)));
            CapacityBytes += blocks[^1].Length;
            used = 0;
        }

        var offset = used;
        data.CopyTo(blocks[^1].AsSpan(offset));
        used += data.Length;
        return (firstBlockId + blocks.Count - 1, offset);
    }

    public ReadOnlyMemory<byte> Slice(long blockId, int offset, int length) =>
        length == 0 ? ReadOnlyMemory<byte>.Empty : blocks[(int)(blockId - firstBlockId)].AsMemory(offset, length);

    /// <summary>Drops the blocks before <paramref name="blockId"/>: no retained entry points into them any more.</summary>
    public void DropBefore(long blockId)
    {
        var drop = (int)Math.Min(blockId - firstBlockId, blocks.Count);
        if (drop <= 0)
        {
            return;
        }

        for (var k = 0; k < drop; k++)
        {
            CapacityBytes -= blocks[k].Length;
        }

        blocks.RemoveRange(0, drop);
        firstBlockId += drop;
        if (blocks.Count == 0)
        {
            used = 0;
        }
    }

    /// <summary>Drops the blocks after <paramref name="blockId"/> (a suffix was overwritten); new data goes after the kept bytes.</summary>
    public void DropAfter(long blockId)
    {
        var keep = (int)Math.Max(0, Math.Min(blockId - firstBlockId + 1, blocks.Count));
        if (keep == blocks.Count)
        {
            return;
        }

        for (var k = keep; k < blocks.Count; k++)
        {
            CapacityBytes -= blocks[k].Length;
        }

        blocks.RemoveRange(keep, blocks.Count - keep);
        // The kept last block may be partly used by dropped entries; that space is simply not reused.
        used = blocks.Count == 0 ? 0 : blocks[^1].Length;
    }

    /// <summary>Drops every block.</summary>
    public void Clear()
    {
        firstBlockId += blocks.Count;
        blocks.Clear();
        CapacityBytes = 0;
        used = 0;
    }
}
