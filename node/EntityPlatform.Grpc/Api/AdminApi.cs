using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Definitions;

namespace EntityPlatform.Grpc.Api;

/// <summary>The admin API's methods (proto/entityplatform/v1/admin.proto).</summary>
public static class AdminApi
{
    public static readonly ServiceDescriptor Service = new("entityplatform.v1.AdminService");

    public static readonly Method<StatusRequest, StatusReply> Status = Service.Unary(StatusRequest.Parser, StatusReply.Parser, "Status");
    public static readonly Method<DrainRequest, DrainReply> Drain = Service.Unary(DrainRequest.Parser, DrainReply.Parser, "Drain");
    public static readonly Method<ApplyPlacementRequest, ApplyPlacementReply> ApplyPlacement = Service.Unary(ApplyPlacementRequest.Parser, ApplyPlacementReply.Parser, "ApplyPlacement");
}
