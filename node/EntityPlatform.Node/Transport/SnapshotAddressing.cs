using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Node.Transport;

/// <summary>Checks the first chunk of a transfer: addressed to this node, from another, for a real group, with valid metadata.</summary>
internal static class SnapshotAddressing
{
    public static Consensus.Messages.SnapshotMetadata Check(SnapshotChunk first, ulong localNodeId)
    {
        if (first.To != localNodeId)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.FailedPrecondition, $"SnapshotChunk.to is {first.To} but this is node {localNodeId}; the sender's peer directory is stale", first.From);
        }

        if (first.From == 0 || first.From == localNodeId || first.GroupId == 0)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, $"SnapshotChunk.from ({first.From}) must be another node and SnapshotChunk.group_id ({first.GroupId}) must be >= 1", first.From);
        }

        if (first.Metadata is null)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, "SnapshotChunk.metadata is missing", first.From);
        }

        if (!RaftMessageMapper.TryFromProto(first.Metadata, "SnapshotChunk.metadata", out var metadata, out var error))
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, error, first.From);
        }

        return metadata;
    }
}
