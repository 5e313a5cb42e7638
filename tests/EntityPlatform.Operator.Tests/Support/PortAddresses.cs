using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Tests.Support;

/// <summary>127.0.0.1 with ports per ordinal (gRPC base + ordinal, HTTP base + ordinal): what local processes use.</summary>
public sealed class PortAddresses(int grpcBase = 17100, int httpBase = 18100) : INodeAddresses
{
    public int GrpcPort(int ordinal) => grpcBase + ordinal;

    public int HttpPort(int ordinal) => httpBase + ordinal;

    public Uri Grpc(EntityType type, int ordinal) => new($"http://127.0.0.1:{GrpcPort(ordinal)}");

    public Uri Http(EntityType type, int ordinal) => new($"http://127.0.0.1:{HttpPort(ordinal)}");

    /// <summary>For the fake admin, whose default ports make node id = port - 17100 + 1.</summary>
    public static ulong NodeIdOf(Uri node) => (ulong)(node.Port - 17100 + 1);
}
