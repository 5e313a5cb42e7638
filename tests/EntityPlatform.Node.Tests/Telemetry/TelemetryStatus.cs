using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Telemetry;

/// <summary>Replica statuses for the telemetry tests: counter/0 led here, counter/1 followed and quiesced, counter/2 faulted in apply.</summary>
internal static class TelemetryStatus
{
    public static IReadOnlyList<ShardReplicaStatus> ThreeReplicas() =>
    [
        Replica(0, StateRole.Leader, term: 3, commit: 40, applied: 39, queued: 2, quiesced: false),
        Replica(1, StateRole.Follower, term: 2, commit: 7, applied: 7, queued: 0, quiesced: true),
        Replica(2, StateRole.Follower, term: 2, commit: 5, applied: 4, queued: 0, quiesced: false)
            with { Fault = new ReplicaFault(ReplicaFaultKind.Apply, "injected", DateTime.UnixEpoch) },
    ];

    private static ShardReplicaStatus Replica(int shard, StateRole role, ulong term, ulong commit, ulong applied, int queued, bool quiesced) =>
        new(new ShardId("counter", shard), (ulong)shard + 1,
            new RaftStatus(1, (ulong)shard + 1, role, term, 0, role == StateRole.Leader ? 1UL : 2UL, commit, applied, commit, 0, quiesced, LeaseValid: false, ConfState.Empty, []),
            applied, 0, 1, 0, queued, 0, Wanted: true);
}
