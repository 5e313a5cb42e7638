using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace EntityPlatform.DotNextPeer;

/// <summary>
/// The replicated registers: every committed <see cref="KeyValueCommand"/> sets one key. The whole state lives in
/// memory; DotNext's <see cref="SimpleStateMachine"/> writes it to a snapshot file every
/// <paramref name="snapshotEveryEntries"/> entries, after which the WAL can drop the entries the snapshot covers.
/// Reads come from HTTP threads while apply runs, hence the concurrent dictionary.
/// </summary>
public sealed class KeyValueStateMachine(DirectoryInfo location, long snapshotEveryEntries) : SimpleStateMachine(location)
{
    private readonly ConcurrentDictionary<string, long> values = new(StringComparer.Ordinal);

    /// <summary>A missing key reads 0, as in the harness's register model.</summary>
    public long Read(string key) => values.TryGetValue(key, out var value) ? value : 0;

    public int Count => values.Count;

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (!entry.IsConfiguration && entry.TryGetPayload(out var payload) && !payload.IsEmpty)
        {
            var (key, value) = KeyValueCommand.Decode(payload);
            values[key] = value;
        }

        return new(entry.Index % snapshotEveryEntries == 0);
    }

    /// <summary>Snapshot layout: entry count (int32), then per entry the key's UTF-8 length (int32), the key and the value (int64).</summary>
    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var entries = values.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(sizeof(int)), entries.Length);
        buffer.Advance(sizeof(int));
        foreach (var (key, value) in entries)
        {
            var record = KeyValueCommand.Encode(key, value);
            buffer.Write(record);
        }

        return writer.Invoke(buffer.WrittenMemory, token);
    }

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        var bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token);
        values.Clear();
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var offset = sizeof(int);
        for (var i = 0; i < count; i++)
        {
            var length = sizeof(int) + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)) + sizeof(long);
            var (key, value) = KeyValueCommand.Decode(new ReadOnlySequence<byte>(bytes, offset, length));
            values[key] = value;
            offset += length;
        }

        if (offset != bytes.Length)
        {
            throw new InvalidDataException($"snapshot {snapshotFile.FullName} holds {bytes.Length} bytes but its {count} entries end at {offset}");
        }
    }
}
