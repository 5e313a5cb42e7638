using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Client;

namespace EntityPlatform.Grpc.Api;

/// <summary>Typed client of <c>AdminService</c> over a channel.</summary>
public sealed class AdminServiceClient(GrpcChannel channel)
{
    public Task<StatusReply> StatusAsync(StatusRequest request, CallOptions options = default) => channel.UnaryAsync(AdminApi.Status, request, options);

    public Task<DrainReply> DrainAsync(DrainRequest request, CallOptions options = default) => channel.UnaryAsync(AdminApi.Drain, request, options);

    public Task<ApplyPlacementReply> ApplyPlacementAsync(ApplyPlacementRequest request, CallOptions options = default) => channel.UnaryAsync(AdminApi.ApplyPlacement, request, options);
}
