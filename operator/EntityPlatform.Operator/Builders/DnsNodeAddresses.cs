using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>NAME-N.NAME-peers.NAMESPACE.svc: stable across pod restarts, resolvable before the pod is ready.</summary>
public sealed class DnsNodeAddresses : INodeAddresses
{
    public Uri Grpc(EntityType type, int ordinal) => new($"http://{Host(type, ordinal)}:{ObjectNames.InternalPort}");

    public Uri Client(EntityType type, int ordinal) => new($"http://{Host(type, ordinal)}:{ObjectNames.GrpcPort}");

    public Uri Http(EntityType type, int ordinal) => new($"http://{Host(type, ordinal)}:{ObjectNames.HttpPort}");

    private static string Host(EntityType type, int ordinal) =>
        $"{ObjectNames.Pod(type, ordinal)}.{ObjectNames.PeerService(type)}.{type.Metadata.NamespaceProperty}.svc";
}
