using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Client;

namespace EntityPlatform.Grpc.Api;

/// <summary>Typed client of <c>PeerService</c> over a channel.</summary>
public sealed class PeerServiceClient(GrpcChannel channel)
{
    public GrpcCall<RaftBatch, RaftBatch> Raft(CallOptions options = default) => channel.DuplexStreaming(PeerApi.Raft, options);

    public GrpcCall<SnapshotChunk, InstallSnapshotReply> InstallSnapshot(CallOptions options = default) => channel.ClientStreaming(PeerApi.InstallSnapshot, options);
}
