using System.Buffers.Binary;
using EntityPlatform.Hashing;
using EntityPlatform.Storage.Snapshots;
using FASTER.core;
using Microsoft.Win32.SafeHandles;

namespace EntityPlatform.Storage.Devices;

/// <summary>
/// FasterLog's commit metadata in one preallocated file of two fixed slots, overwritten in place and in
/// turn, each write synchronous (write-through). FASTER's default manager creates a new file per commit
/// and deletes the previous one: file-system metadata work (and its journal flush) on every commit, on
/// top of the log write. FASTER writes this metadata whenever a commit carries a cookie, which ours
/// always do (the cookie is what tells a lost committed tail from an unacknowledged one), so this is on
/// the commit path of every batch. Two slots written alternately: a write torn by a crash damages only
/// the slot being written, whose checksum then fails, and recovery falls back to the other slot, the
/// previous commit (whose batch was the last one acknowledged, or FASTER finds a later commit record in
/// the log itself). FASTER calls <see cref="Commit"/> only after the log pages it covers are durable.
/// Slot layout: u32 crc32c of bytes [4, 24 + length), u32 length, u64 commit number, u64 write sequence,
/// then the metadata.
/// </summary>
internal sealed class SlotLogCommitManager : ILogCommitManager
{
    public const string FileName = "commit-slots";
    private const int SlotBytes = 4096;
    private const int HeaderBytes = 24;

    private readonly SafeFileHandle file;
    private readonly byte[] slot = new byte[SlotBytes];
    private readonly object gate = new();
    private long sequence;

    public SlotLogCommitManager(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var created = !File.Exists(path);
        file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, FileOptions.WriteThrough);
        if (created)
        {
            // Both slots exist (zeroed, invalid) before any commit, and so does the file's directory entry.
            RandomAccess.Write(file, new byte[2 * SlotBytes], 0);
            DirectorySync.Flush(directory);
        }

        foreach (var (_, writeSequence, _) in ReadSlots())
        {
            sequence = Math.Max(sequence, writeSequence);
        }
    }

    public void Commit(long beginAddress, long untilAddress, byte[] commitMetadata, long commitNum, bool forceWriteMetadata)
    {
        Invariant.Assert(commitMetadata.Length <= SlotBytes - HeaderBytes, "FASTER commit metadata larger than a slot");
        lock (gate)
        {
            sequence++;
            Array.Clear(slot);
            BinaryPrimitives.WriteInt32LittleEndian(slot.AsSpan(4), commitMetadata.Length);
            BinaryPrimitives.WriteInt64LittleEndian(slot.AsSpan(8), commitNum);
            BinaryPrimitives.WriteInt64LittleEndian(slot.AsSpan(16), sequence);
            commitMetadata.CopyTo(slot, HeaderBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(slot, Crc32C.Compute(slot.AsSpan(4, HeaderBytes - 4 + commitMetadata.Length)));
            // Alternate by our own write sequence, not FASTER's commit number: the slot written now is never
            // the one holding the last good commit.
            RandomAccess.Write(file, slot, (sequence & 1) * SlotBytes);
        }
    }

    public IEnumerable<long> ListCommits()
    {
        var slots = ReadSlots();
        slots.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
        return slots.Select(s => s.CommitNum).ToArray();
    }

    public byte[]? GetCommitMetadata(long commitNum)
    {
        foreach (var (number, _, metadata) in ReadSlots())
        {
            if (number == commitNum)
            {
                return metadata;
            }
        }

        return null;
    }

    // The default manager deletes old commit files here; the two slots are simply overwritten in turn.
    public void RemoveCommit(long commitNum)
    {
    }

    public void RemoveAllCommits()
    {
    }

    public void OnRecovery(long commitNum)
    {
    }

    public void Dispose() => file.Dispose();

    /// <summary>The slots whose checksum holds.</summary>
    private List<(long CommitNum, long Sequence, byte[] Metadata)> ReadSlots()
    {
        var found = new List<(long, long, byte[])>(2);
        var buffer = new byte[SlotBytes];
        lock (gate)
        {
            for (var index = 0; index < 2; index++)
            {
                if (RandomAccess.Read(file, buffer, index * SlotBytes) != SlotBytes)
                {
                    continue;
                }

                var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(4));
                if (length < 0 || length > SlotBytes - HeaderBytes ||
                    BinaryPrimitives.ReadUInt32LittleEndian(buffer) != Crc32C.Compute(buffer.AsSpan(4, HeaderBytes - 4 + length)))
                {
                    continue;
                }

                var sequenceOfSlot = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(16));
                if (sequenceOfSlot == 0)
                {
                    continue; // never written (a zeroed slot already fails its checksum; this is belt and braces)
                }

                found.Add((BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8)), sequenceOfSlot, buffer.AsSpan(HeaderBytes, length).ToArray()));
            }
        }

        return found;
    }
}
