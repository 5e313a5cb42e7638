using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// Every group's state, changed only by applying records. The commit path applies each record right after
/// appending it and recovery applies the scanned records, through this same code, so both build the same
/// state. A group comes into being at a base record (bootstrap/install, or a compaction image). Records of
/// a group before its first base in the log are stale leftovers of a head truncation: they are skipped,
/// except hard states, which bases other than images do not carry.
/// </summary>
internal sealed class GroupTable
{
    private readonly Dictionary<ulong, GroupState> groups = [];
    private readonly Dictionary<ulong, (HardState State, long Address)> orphanHardStates = [];

    public int Count => groups.Count;
    public IEnumerable<GroupState> Groups => groups.Values;

    public bool TryGet(ulong groupId, out GroupState state) => groups.TryGetValue(groupId, out state!);

    /// <summary>
    /// Applies one checksummed record. Returns null, or why the record cannot follow the group's history
    /// (only damage can cause that; the caller refuses the group).
    /// </summary>
    public string? Apply(RecordHeader header, ReadOnlyMemory<byte> payload, long address)
    {
        var reader = new PayloadReader(payload);
        groups.TryGetValue(header.GroupId, out var group);
        switch (header.Kind)
        {
            case RecordKind.Entries:
                return ApplyEntries(header.GroupId, group, payload.Span, address);
            case RecordKind.HardState:
                var hardState = RecordCodec.ReadHardState(ref reader);
                RecordCodec.EnsureEnd(reader);
                SetHardState(header.GroupId, group, hardState, address);
                return null;
            case RecordKind.SnapshotInstalled:
                var installed = RecordCodec.ReadSnapshotMetadata(ref reader);
                RecordCodec.EnsureEnd(reader);
                group = Create(header.GroupId, address);
                group.InstallSnapshot(installed);
                return null;
            case RecordKind.SnapshotCreated:
                var created = RecordCodec.ReadSnapshotMetadata(ref reader);
                RecordCodec.EnsureEnd(reader);
                return group is null ? null : ApplyCreated(group, created);
            case RecordKind.Compacted:
                var (index, term) = (reader.ReadU64(), reader.ReadU64());
                RecordCodec.EnsureEnd(reader);
                return group is null ? null : ApplyCompacted(group, index, term);
            case RecordKind.GroupImage:
                ApplyImage(header.GroupId, ref reader, address);
                return null;
            case RecordKind.GroupWiped:
                groups.Remove(header.GroupId);
                orphanHardStates.Remove(header.GroupId);
                return null;
            case RecordKind.BatchEnd:
                return null;
            default:
                return $"unknown record kind {header.Kind}";
        }
    }

    public void Remove(ulong groupId) => groups.Remove(groupId);

    private GroupState Create(ulong groupId, long address)
    {
        var group = new GroupState(groupId) { BaseAddress = address, HardStateAddress = address };
        if (groups.TryGetValue(groupId, out var previous))
        {
            // A re-install keeps the hard state: only the log part is replaced.
            group.SetHardState(previous.HardState);
            group.HardStateAddress = previous.HardStateAddress;
        }
        else if (orphanHardStates.Remove(groupId, out var orphan))
        {
            group.SetHardState(orphan.State);
            group.HardStateAddress = orphan.Address;
        }

        groups[groupId] = group;
        return group;
    }

    private void SetHardState(ulong groupId, GroupState? group, HardState hardState, long address)
    {
        if (group is null)
        {
            orphanHardStates[groupId] = (hardState, address);
            return;
        }

        group.SetHardState(hardState);
        group.HardStateAddress = address;
    }

    private string? ApplyEntries(ulong groupId, GroupState? group, ReadOnlySpan<byte> payload, long address)
    {
        var entries = RecordCodec.ReadEntries(payload);
        if (group is not null)
        {
            if (entries.FirstIndex > group.LastIndex + 1)
            {
                return $"entries start at {entries.FirstIndex} but the group's log ends at {group.LastIndex}";
            }

            group.Append(entries);
        }

        // A group's hard state before its first base record is kept as an orphan, as for a HardState record.
        if (entries.HardState is { } state)
        {
            SetHardState(groupId, group, state, address);
        }

        return null;
    }

    private static string? ApplyCreated(GroupState group, SnapshotMetadata metadata)
    {
        if (!group.TryGetTerm(metadata.Index, out var term) || term != metadata.Term)
        {
            return $"snapshot at {metadata.Index} term {metadata.Term} does not match the group's log";
        }

        group.CreateSnapshot(metadata);
        return null;
    }

    private static string? ApplyCompacted(GroupState group, ulong index, ulong term)
    {
        if (index > group.OffsetIndex && (!group.TryGetTerm(index, out var actual) || actual != term))
        {
            return $"compaction at {index} term {term} does not match the group's log";
        }

        group.Compact(index, term);
        return null;
    }

    private void ApplyImage(ulong groupId, ref PayloadReader reader, long address)
    {
        var snapshot = RecordCodec.ReadSnapshotMetadata(ref reader);
        var hardState = RecordCodec.ReadHardState(ref reader);
        var (offsetIndex, offsetTerm) = (reader.ReadU64(), reader.ReadU64());
        RecordCodec.EnsureEnd(reader);
        orphanHardStates.Remove(groupId);
        var group = new GroupState(groupId) { BaseAddress = address, HardStateAddress = address };
        group.ApplyImage(snapshot, hardState, offsetIndex, offsetTerm);
        groups[groupId] = group;
    }
}
