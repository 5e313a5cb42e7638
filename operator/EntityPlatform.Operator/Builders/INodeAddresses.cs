using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// Where a node pod serves gRPC and HTTP. In a cluster: the stable DNS name the headless Service gives
/// each pod; in tests: 127.0.0.1 with a port per ordinal.
/// </summary>
public interface INodeAddresses
{
    Uri Grpc(EntityType type, int ordinal);

    Uri Http(EntityType type, int ordinal);
}
