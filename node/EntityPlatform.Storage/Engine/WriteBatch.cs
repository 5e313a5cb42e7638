using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// Everything one scheduler iteration must make durable, for any number of groups: appended entries,
/// hard states, snapshot installs, local snapshots and compactions. Each call validates the operation
/// against the group's state as the earlier operations of this batch leave it, and throws
/// <see cref="StorageUsageException"/> without changing the batch when it is invalid. Nothing is written
/// until <see cref="LogEngine.Commit"/>. Entry data is referenced, not copied: keep it unchanged until
/// Commit returns. A committed batch is spent: adding to it or committing it again throws (its buffers
/// were handed to the next batch).
/// </summary>
public sealed class WriteBatch
{
    private readonly LogEngine engine;
    private BatchBuffers? buffers;
    private int spentOperationCount;
    private int bootstraps;

    internal WriteBatch(LogEngine engine, BatchBuffers buffers)
    {
        this.engine = engine;
        this.buffers = buffers;
    }

    internal LogEngine Engine => engine;

    public int OperationCount => buffers?.Operations.Count ?? spentOperationCount;

    /// <summary>Approximate payload bytes the batch will write.</summary>
    public long ApproximateBytes { get; private set; }

    internal IReadOnlyList<BatchOperation> Operations => Buffers.Operations;

    internal ReadOnlySpan<Entry> EntriesOf(BatchOperation operation) => Buffers.Entries.AsSpan(operation.EntryStart, operation.EntryCount);

    private BatchBuffers Buffers => buffers ?? throw new StorageUsageException("this batch was already committed; take a new one from NewBatch");

    /// <summary>Called once the batch is committed: its buffers go back to the engine for the next batch.</summary>
    internal BatchBuffers Spend()
    {
        var spent = Buffers;
        spentOperationCount = spent.Operations.Count;
        buffers = null;
        return spent;
    }

    /// <summary>Creates a group whose membership is <paramref name="confState"/> at index 0.</summary>
    public void Bootstrap(ulong groupId, ConfState confState)
    {
        var shadow = Shadow(groupId, mustExist: false);
        if (shadow.Exists)
        {
            throw Usage(groupId, "Bootstrap: the group already exists (wipe it first to start over)");
        }

        if (engine.GroupCount + bootstraps >= engine.Options.MaxGroups)
        {
            throw Usage(groupId, $"Bootstrap: the store already holds MaxGroups {engine.Options.MaxGroups} groups");
        }

        Add(new BatchOperation(BatchOperationKind.Bootstrap, groupId, Metadata: new SnapshotMetadata(0, 0, confState)),
            groupId, new GroupShadow(true, 0, 0, 0), 64);
        bootstraps++;
    }

    /// <summary>
    /// Appends entries (ascending consecutive indexes); appending at index i discards the group's entries
    /// from i on first. Entries at or before the snapshot are skipped, as Raft requires.
    /// </summary>
    public void Append(ulong groupId, ReadOnlySpan<Entry> entries)
    {
        var shadow = Shadow(groupId, mustExist: true);
        if (entries.IsEmpty || entries[^1].Index <= shadow.OffsetIndex)
        {
            return;
        }

        // Messages are only formatted on failure: this loop runs once per entry on the commit path.
        long bytes = 0;
        var maxEntryBytes = engine.Options.MaxEntryBytes;
        for (var k = 0; k < entries.Length; k++)
        {
            ref readonly var entry = ref entries[k];
            if (entry.Index < 1 || entry.Term < 1)
            {
                throw Usage(groupId, $"Append: entry {k} has index {entry.Index} term {entry.Term}; both must be ≥ 1");
            }

            if (k > 0 && entry.Index != entries[k - 1].Index + 1)
            {
                throw Usage(groupId, $"Append: entry {k} has index {entry.Index}, expected {entries[0].Index + (ulong)k} (consecutive)");
            }

            if (entry.Data.Length > maxEntryBytes)
            {
                throw Usage(groupId, $"Append: entry {entry.Index} has {entry.Data.Length} data bytes, more than MaxEntryBytes {maxEntryBytes}");
            }

            bytes += entry.Data.Length + RecordCodec.EntryOverheadBytes;
        }

        if (entries[0].Index > shadow.LastIndex + 1)
        {
            throw Usage(groupId, $"Append: first index {entries[0].Index} leaves a gap after last index {shadow.LastIndex}");
        }

        CheckRoom(groupId, bytes);
        var start = Buffers.AddEntries(entries);
        Add(new BatchOperation(BatchOperationKind.Append, groupId, EntryStart: start, EntryCount: entries.Length),
            groupId, shadow with { LastIndex = entries[^1].Index }, bytes);
    }

    public void SetHardState(ulong groupId, HardState hardState)
    {
        var shadow = Shadow(groupId, mustExist: true);
        Add(new BatchOperation(BatchOperationKind.HardState, groupId, HardState: hardState), groupId, shadow, 24);
    }

    /// <summary>
    /// Installs a snapshot received from the leader: the group's log is replaced by its metadata (write
    /// the data to the snapshot store first). Returns false, adding nothing, when it is not newer than the
    /// current snapshot.
    /// </summary>
    public bool InstallSnapshot(ulong groupId, SnapshotMetadata metadata)
    {
        var shadow = Shadow(groupId, mustExist: true);
        if (metadata.Index <= shadow.SnapshotIndex && shadow.SnapshotIndex != 0)
        {
            return false;
        }

        Add(new BatchOperation(BatchOperationKind.InstallSnapshot, groupId, Metadata: metadata),
            groupId, new GroupShadow(true, metadata.Index, metadata.Index, metadata.Index), 64);
        return true;
    }

    /// <summary>Records a snapshot taken locally at an applied <paramref name="index"/>; the log is unchanged.</summary>
    public void CreateSnapshot(ulong groupId, ulong index, ConfState confState)
    {
        var shadow = Shadow(groupId, mustExist: true);
        if (index <= shadow.SnapshotIndex || index > shadow.LastIndex)
        {
            throw Usage(groupId, $"CreateSnapshot: index {index} must be after snapshot {shadow.SnapshotIndex} and at most last index {shadow.LastIndex}");
        }

        Add(new BatchOperation(BatchOperationKind.CreateSnapshot, groupId, Metadata: new SnapshotMetadata(index, 0, confState), Index: index),
            groupId, shadow with { SnapshotIndex = index }, 64);
    }

    /// <summary>Discards entries up to and including <paramref name="index"/>, which the snapshot must cover.</summary>
    public void Compact(ulong groupId, ulong index)
    {
        var shadow = Shadow(groupId, mustExist: true);
        if (index <= shadow.OffsetIndex)
        {
            return;
        }

        if (index > shadow.SnapshotIndex || index > shadow.LastIndex)
        {
            throw Usage(groupId, $"Compact: index {index} must be covered by the snapshot ({shadow.SnapshotIndex}) and at most last index {shadow.LastIndex}");
        }

        Add(new BatchOperation(BatchOperationKind.Compact, groupId, Index: index), groupId, shadow with { OffsetIndex = index }, 16);
    }

    private GroupShadow Shadow(ulong groupId, bool mustExist)
    {
        engine.ThrowIfRefused(groupId);
        if (!Buffers.Shadows.TryGetValue(groupId, out var shadow))
        {
            shadow = engine.ShadowOf(groupId);
        }

        if (!shadow.Exists && mustExist)
        {
            throw Usage(groupId, "the group does not exist (Bootstrap it first)");
        }

        return shadow;
    }

    /// <summary>Throws, leaving the batch unchanged, when one more operation of <paramref name="bytes"/> would exceed a batch bound.</summary>
    private void CheckRoom(ulong groupId, long bytes)
    {
        if (Buffers.Operations.Count >= engine.Options.MaxBatchOperations)
        {
            throw Usage(groupId, $"batch already holds MaxBatchOperations {engine.Options.MaxBatchOperations}; commit it first");
        }

        if (ApproximateBytes + bytes > engine.Options.MaxBatchBytes)
        {
            throw Usage(groupId, $"batch would exceed MaxBatchBytes {engine.Options.MaxBatchBytes}; commit it first");
        }
    }

    private void Add(BatchOperation operation, ulong groupId, GroupShadow shadow, long bytes)
    {
        CheckRoom(groupId, bytes);
        Buffers.Operations.Add(operation);
        Buffers.Shadows[groupId] = shadow;
        ApproximateBytes += bytes + RecordLayout.HeaderBytes;
    }

    private static StorageUsageException Usage(ulong groupId, string message) => new($"group {groupId}: {message}");
}
