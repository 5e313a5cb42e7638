using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Definitions;

namespace EntityPlatform.Grpc.Api;

/// <summary>The peer API's methods (proto/entityplatform/v1/peer.proto).</summary>
public static class PeerApi
{
    public static readonly ServiceDescriptor Service = new("entityplatform.v1.PeerService");

    public static readonly Method<RaftBatch, RaftBatch> Raft = Service.DuplexStreaming(RaftBatch.Parser, RaftBatch.Parser, "Raft");
    public static readonly Method<SnapshotChunk, InstallSnapshotReply> InstallSnapshot = Service.ClientStreaming(SnapshotChunk.Parser, InstallSnapshotReply.Parser, "InstallSnapshot");
}
