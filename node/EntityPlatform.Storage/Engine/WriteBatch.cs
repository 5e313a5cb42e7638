using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// Everything one scheduler iteration must make durable, for any number of groups: appended entries,
/// hard states, snapshot installs, local snapshots and compactions. Each call validates the operation
/// against the group's state as the earlier operations of this batch leave it, and throws
/// <see cref="StorageUsageException"/> without changing the batch when it is invalid. Nothing is written
/// until <see cref="LogEngine.Commit"/>. Entry data is referenced, not copied: keep it unchanged until
/// Commit returns.
/// </summary>
public sealed class WriteBatch
{
    private readonly LogEngine engine;
    private readonly Dictionary<ulong, GroupShadow> shadows = [];
    private readonly List<BatchOperation> operations = [];

    private int bootstraps;

    internal WriteBatch(LogEngine engine) => this.engine = engine;

    internal LogEngine Engine => engine;

    public int OperationCount => operations.Count;

    /// <summary>Approximate payload bytes the batch will write.</summary>
    public long ApproximateBytes { get; private set; }

    internal IReadOnlyList<BatchOperation> Operations => operations;

    /// <summary>Creates a group whose membership is <paramref name="confState"/> at index 0.</summary>
    public void Bootstrap(ulong groupId, ConfState confState)
    {
        var shadow = Shadow(groupId, mustExist: false);
        Require(!shadow.Exists, groupId, "Bootstrap: the group already exists (wipe it first to start over)");
        Require(engine.GroupCount + bootstraps < engine.Options.MaxGroups, groupId, $"Bootstrap: the store already holds MaxGroups {engine.Options.MaxGroups} groups");
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

        long bytes = 0;
        for (var k = 0; k < entries.Length; k++)
        {
            var entry = entries[k];
            Require(entry.Index >= 1 && entry.Term >= 1, groupId, $"Append: entry {k} has index {entry.Index} term {entry.Term}; both must be ≥ 1");
            Require(k == 0 || entry.Index == entries[k - 1].Index + 1, groupId, $"Append: entry {k} has index {entry.Index}, expected {entries[0].Index + (ulong)k} (consecutive)");
            Require(entry.Data.Length <= engine.Options.MaxEntryBytes, groupId, $"Append: entry {entry.Index} has {entry.Data.Length} data bytes, more than MaxEntryBytes {engine.Options.MaxEntryBytes}");
            bytes += entry.Data.Length + RecordCodec.EntryOverheadBytes;
        }

        Require(entries[0].Index <= shadow.LastIndex + 1, groupId, $"Append: first index {entries[0].Index} leaves a gap after last index {shadow.LastIndex}");
        Add(new BatchOperation(BatchOperationKind.Append, groupId, Entries: entries.ToArray()),
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
        Require(index > shadow.SnapshotIndex && index <= shadow.LastIndex, groupId,
            $"CreateSnapshot: index {index} must be after snapshot {shadow.SnapshotIndex} and at most last index {shadow.LastIndex}");
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

        Require(index <= shadow.SnapshotIndex && index <= shadow.LastIndex, groupId,
            $"Compact: index {index} must be covered by the snapshot ({shadow.SnapshotIndex}) and at most last index {shadow.LastIndex}");
        Add(new BatchOperation(BatchOperationKind.Compact, groupId, Index: index), groupId, shadow with { OffsetIndex = index }, 16);
    }

    private GroupShadow Shadow(ulong groupId, bool mustExist)
    {
        engine.ThrowIfRefused(groupId);
        if (!shadows.TryGetValue(groupId, out var shadow))
        {
            shadow = engine.ShadowOf(groupId);
        }

        Require(shadow.Exists || !mustExist, groupId, "the group does not exist (Bootstrap it first)");
        return shadow;
    }

    private void Add(BatchOperation operation, ulong groupId, GroupShadow shadow, long bytes)
    {
        Require(operations.Count < engine.Options.MaxBatchOperations, groupId, $"batch already holds MaxBatchOperations {engine.Options.MaxBatchOperations}; commit it first");
        Require(ApproximateBytes + bytes <= engine.Options.MaxBatchBytes, groupId, $"batch would exceed MaxBatchBytes {engine.Options.MaxBatchBytes}; commit it first");
        operations.Add(operation);
        shadows[groupId] = shadow;
        ApproximateBytes += bytes + RecordLayout.HeaderBytes;
    }

    private static void Require(bool condition, ulong groupId, string message)
    {
        if (!condition)
        {
            throw new StorageUsageException($"group {groupId}: {message}");
        }
    }
}
