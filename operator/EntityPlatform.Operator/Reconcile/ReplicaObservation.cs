using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>One shard replica as the pod hosting it reported it through AdminService.Status.</summary>
public sealed record ReplicaObservation(string Pod, ReplicaRole Role, ulong Lag, ulong LeaderNodeId);
