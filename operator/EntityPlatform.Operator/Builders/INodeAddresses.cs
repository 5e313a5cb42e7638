using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// Where a node pod serves gRPC and HTTP. <see cref="Grpc"/> is its INTERNAL port (peers, admin API: what
/// the cluster file and the operator use); <see cref="Client"/> its client port. In a cluster: the stable DNS name the headless Service gives
/// each pod; in tests: 127.0.0.1 with a port per ordinal.
/// </summary>
public interface INodeAddresses
{
    Uri Grpc(EntityType type, int ordinal);

    Uri Client(EntityType type, int ordinal) => new UriBuilder(Grpc(type, ordinal)) { Port = ObjectNames.GrpcPort }.Uri;

    Uri Http(EntityType type, int ordinal);
}
