using EntityPlatform.Consensus.Messages;
using EntityPlatform.Grpc.Api.V1;
using Google.Protobuf;
using ProtoConfState = EntityPlatform.Grpc.Api.V1.ConfState;
using ProtoSnapshotMetadata = EntityPlatform.Grpc.Api.V1.SnapshotMetadata;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Converts between the consensus core's <see cref="Message"/> and the wire's <see cref="RaftMessage"/>
/// (proto/entityplatform/v1/peer.proto). Outbound messages come from our own core and are trusted
/// (a local-only type is a bug: an assertion). Inbound messages come from the network and are checked
/// field by field in <c>RaftMessageMapper.Inbound.cs</c> before anything else sees them.
/// The wire type is the core type plus one, so that 0 means "unset" on the wire.
/// A snapshot's bytes are never part of a <see cref="RaftMessage"/>: only its metadata is; the bytes
/// travel through InstallSnapshot (see <see cref="SnapshotUploader"/>).
/// </summary>
public static partial class RaftMessageMapper
{
    /// <summary>The wire form of <paramref name="message"/>. Entry payloads are wrapped, not copied: messages are immutable once built.</summary>
    public static RaftMessage ToProto(Message message)
    {
        Invariant.Assert(message.Type.IsDefined() && !message.Type.IsLocal(), $"type {message.Type} cannot go on the wire");
        var proto = new RaftMessage
        {
            GroupId = message.GroupId,
            Type = ToProto(message.Type),
            To = message.To,
            From = message.From,
            Term = message.Term,
            LogTerm = message.LogTerm,
            Index = message.Index,
            Commit = message.Commit,
            Reject = message.Reject,
            RejectHint = message.RejectHint,
            Context = message.Context,
            Quiesce = message.Quiesce,
        };
        foreach (var entry in message.Entries)
        {
            proto.Entries.Add(new RaftEntry
            {
                Term = entry.Term,
                Index = entry.Index,
                Type = (RaftEntryType)(int)entry.Type,
                Data = UnsafeByteOperations.UnsafeWrap(entry.Data),
            });
        }

        if (message.Snapshot is { } snapshot)
        {
            proto.Snapshot = ToProto(snapshot.Metadata);
        }

        return proto;
    }

    public static RaftMessageType ToProto(MessageType type) => (RaftMessageType)((int)type + 1);

    public static ProtoSnapshotMetadata ToProto(Consensus.Messages.SnapshotMetadata metadata) => new()
    {
        Index = metadata.Index,
        Term = metadata.Term,
        ConfState = ToProto(metadata.ConfState),
    };

    public static ProtoConfState ToProto(Consensus.Messages.ConfState confState)
    {
        var proto = new ProtoConfState { AutoLeave = confState.AutoLeave };
        proto.Voters.AddRange(confState.Voters);
        proto.Learners.AddRange(confState.Learners);
        proto.VotersOutgoing.AddRange(confState.VotersOutgoing);
        proto.LearnersNext.AddRange(confState.LearnersNext);
        return proto;
    }

    /// <summary>
    /// The core form of an inbound message, validated for <paramref name="localNodeId"/>.
    /// Throws <see cref="InvalidMessageException"/> (and nothing else) naming the bad field.
    /// </summary>
    public static Message FromProto(RaftMessage proto, ulong localNodeId) =>
        TryFromProto(proto, localNodeId, out var message, out var error) ? message : throw new InvalidMessageException(error);
}
