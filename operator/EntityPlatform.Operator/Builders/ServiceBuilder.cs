using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>The two Services of an EntityType: headless for peers, ClusterIP for clients.</summary>
public static class ServiceBuilder
{
    /// <summary>
    /// Headless, publishing not-ready addresses: a new pod must reach its peers before it is ready, or a
    /// new group never elects.
    /// </summary>
    public static V1Service Peers(EntityType type) => new()
    {
        Metadata = Owner.Meta(type, ObjectNames.PeerService(type)),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = ObjectNames.Selector(type),
            Ports = [Port("grpc", ObjectNames.GrpcPort), Port("internal", ObjectNames.InternalPort), Port("http", ObjectNames.HttpPort)],
        },
    };

    /// <summary>Clients may call any ready node: a non-leader forwards or answers with a leader hint. Only the client port.</summary>
    public static V1Service Client(EntityType type) => new()
    {
        Metadata = Owner.Meta(type, ObjectNames.ClientService(type)),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = ObjectNames.Selector(type),
            Ports = [Port("grpc", ObjectNames.GrpcPort)],
        },
    };

    private static V1ServicePort Port(string name, int port) => new() { Name = name, Port = port, TargetPort = name, Protocol = "TCP" };
}
