using System.Collections.Concurrent;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Tests.EndToEnd;

/// <summary>
/// The operator's address seam for local node processes: 127.0.0.1 with a free client, internal and HTTP port per
/// ordinal, picked the first time an ordinal is asked for and stable afterwards (as a pod's DNS name is).
/// The operator, the fake StatefulSet controller and the client all read the same instance.
/// </summary>
internal sealed class LocalPortAddresses : INodeAddresses
{
    private readonly ConcurrentDictionary<int, (int Grpc, int Internal, int Http)> _ports = new();

    public (int Grpc, int Internal, int Http) Ports(int ordinal) =>
        _ports.GetOrAdd(ordinal, _ => (NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort()));

    /// <summary>The internal port (peers, admin API), as in a pod.</summary>
    public Uri Grpc(EntityType type, int ordinal) => new($"http://127.0.0.1:{Ports(ordinal).Internal}");

    public Uri Client(EntityType type, int ordinal) => new($"http://127.0.0.1:{Ports(ordinal).Grpc}");

    public Uri Http(EntityType type, int ordinal) => new($"http://127.0.0.1:{Ports(ordinal).Http}");
}
