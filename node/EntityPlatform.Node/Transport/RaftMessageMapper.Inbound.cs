using System.Diagnostics.CodeAnalysis;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Grpc.Api.V1;
using ProtoConfState = EntityPlatform.Grpc.Api.V1.ConfState;
using ProtoSnapshotMetadata = EntityPlatform.Grpc.Api.V1.SnapshotMetadata;

namespace EntityPlatform.Node.Transport;

public static partial class RaftMessageMapper
{
    /// <summary>
    /// Converts and validates an inbound message without throwing: on failure <paramref name="error"/> is a
    /// sentence naming the bad field. Checks the wire shape here (type, group, snapshot, entry types, ConfState
    /// invariants), then the protocol shape with <see cref="MessageValidator"/> (addressee, term, entry runs).
    /// Replica ids are node ids, so <c>to</c> must be <paramref name="localNodeId"/>.
    /// A MSG_SNAP comes back with the metadata and empty data; the caller joins the data it received through InstallSnapshot.
    /// </summary>
    public static bool TryFromProto(RaftMessage proto, ulong localNodeId, [NotNullWhen(true)] out Message? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        error = CheckShape(proto);
        if (error is not null)
        {
            return false;
        }

        Consensus.Messages.Snapshot? snapshot = null;
        if (proto.Snapshot is { } metadata)
        {
            if (!TryFromProto(metadata, "RaftMessage.snapshot", out var coreMetadata, out error))
            {
                return false;
            }

            snapshot = new Consensus.Messages.Snapshot(coreMetadata, ReadOnlyMemory<byte>.Empty);
        }

        var candidate = new Message
        {
            GroupId = proto.GroupId,
            Type = (MessageType)((int)proto.Type - 1),
            To = proto.To,
            From = proto.From,
            Term = proto.Term,
            LogTerm = proto.LogTerm,
            Index = proto.Index,
            Entries = ToEntries(proto),
            Commit = proto.Commit,
            Reject = proto.Reject,
            RejectHint = proto.RejectHint,
            Context = proto.Context,
            Snapshot = snapshot,
            Quiesce = proto.Quiesce,
        };
        error = MessageValidator.Validate(candidate, candidate.GroupId, localNodeId);
        if (error is not null)
        {
            error = $"RaftMessage ({proto.Type}, group {proto.GroupId}): {error}";
            return false;
        }

        message = candidate;
        return true;
    }

    /// <summary>Converts and validates a snapshot's metadata; <paramref name="field"/> names it in errors.</summary>
    public static bool TryFromProto(ProtoSnapshotMetadata proto, string field, [NotNullWhen(true)] out Consensus.Messages.SnapshotMetadata? metadata, [NotNullWhen(false)] out string? error)
    {
        metadata = null;
        if (proto.Index == 0)
        {
            error = $"{field}.index is 0; a snapshot covers at least entry 1";
            return false;
        }

        if (proto.Term == 0)
        {
            error = $"{field}.term is 0; terms start at 1";
            return false;
        }

        if (proto.ConfState is not { } confState)
        {
            error = $"{field}.conf_state is missing; a snapshot must carry the membership at its index";
            return false;
        }

        error = CheckConfState(confState, field + ".conf_state");
        if (error is not null)
        {
            return false;
        }

        metadata = new Consensus.Messages.SnapshotMetadata(proto.Index, proto.Term, new Consensus.Messages.ConfState(
            [.. confState.Voters], [.. confState.Learners], [.. confState.VotersOutgoing], [.. confState.LearnersNext], confState.AutoLeave));
        return true;
    }

    private static string? CheckShape(RaftMessage proto)
    {
        if (proto.Type is <= RaftMessageType.Unspecified or > RaftMessageType.MsgReadIndexResp)
        {
            return $"RaftMessage.type is {(int)proto.Type}; expected one of MSG_PROP (1) .. MSG_READ_INDEX_RESP (14)";
        }

        if (proto.GroupId == 0)
        {
            return $"RaftMessage.group_id is 0 on {proto.Type}; group ids start at 1";
        }

        var isSnap = proto.Type == RaftMessageType.MsgSnap;
        if (isSnap != (proto.Snapshot is not null))
        {
            return isSnap
                ? "RaftMessage.snapshot is missing on MSG_SNAP; it must name the snapshot being installed"
                : $"RaftMessage.snapshot is set on {proto.Type}; only MSG_SNAP carries one";
        }

        for (var i = 0; i < proto.Entries.Count; i++)
        {
            if (proto.Entries[i].Type is not (RaftEntryType.Normal or RaftEntryType.ConfChange))
            {
                return $"RaftMessage.entries[{i}].type is {(int)proto.Entries[i].Type}; expected RAFT_ENTRY_TYPE_NORMAL (0) or RAFT_ENTRY_TYPE_CONF_CHANGE (1)";
            }
        }

        return null;
    }

    /// <summary>The ConfState invariants, checked here because the core's constructor would silently sort and dedupe.</summary>
    private static string? CheckConfState(ProtoConfState proto, string field)
    {
        var error = CheckAscending(proto.Voters, field + ".voters")
            ?? CheckAscending(proto.Learners, field + ".learners")
            ?? CheckAscending(proto.VotersOutgoing, field + ".voters_outgoing")
            ?? CheckAscending(proto.LearnersNext, field + ".learners_next");
        if (error is not null)
        {
            return error;
        }

        if (proto.Voters.Count == 0)
        {
            return $"{field}.voters is empty; a group needs at least one voter";
        }

        if (proto.Learners.Intersect(proto.Voters).FirstOrDefault() is var both and not 0)
        {
            return $"{field}: node {both} is both in voters and in learners";
        }

        if (proto.Learners.Intersect(proto.VotersOutgoing).FirstOrDefault() is var outgoing and not 0)
        {
            return $"{field}: node {outgoing} is both in voters_outgoing and in learners";
        }

        return proto.LearnersNext.FirstOrDefault(id => !proto.VotersOutgoing.Contains(id)) is var stray and not 0
            ? $"{field}.learners_next holds node {stray}, which is not in voters_outgoing"
            : null;
    }

    private static string? CheckAscending(IReadOnlyList<ulong> ids, string field)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == 0)
            {
                return $"{field}[{i}] is 0; node ids start at 1";
            }

            if (i > 0 && ids[i] <= ids[i - 1])
            {
                return $"{field}[{i}] is {ids[i]} after {ids[i - 1]}; ids must be ascending without duplicates";
            }
        }

        return null;
    }

    private static Entry[] ToEntries(RaftMessage proto)
    {
        if (proto.Entries.Count == 0)
        {
            return [];
        }

        var entries = new Entry[proto.Entries.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = proto.Entries[i];
            // ByteString.Memory shares the parsed buffer: no copy, and the ByteString is immutable.
            entries[i] = new Entry(entry.Term, entry.Index, (EntryType)(int)entry.Type, entry.Data.Memory);
        }

        return entries;
    }
}
