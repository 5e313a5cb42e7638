using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Consensus.Bench;

/// <summary>
/// The replicas of one group wired by an in-memory network that delivers every message on the next pump:
/// the fault-free path of the simulator's network, so the benchmark measures the core, not I/O.
/// </summary>
public sealed class InMemoryGroup
{
    private readonly RaftNode[] replicas;
    private readonly MemoryRaftLogStorage[] storages;
    private readonly List<Message> inFlight = [];
    private readonly List<Message> delivering = [];

    public InMemoryGroup(ulong groupId, int replicaCount, int quiesceAfterIdleTicks)
    {
        var voters = Enumerable.Range(1, replicaCount).Select(i => (ulong)i).ToArray();
        replicas = new RaftNode[replicaCount];
        storages = new MemoryRaftLogStorage[replicaCount];
        for (var i = 0; i < replicaCount; i++)
        {
            storages[i] = new MemoryRaftLogStorage(ConfState.OfVoters(voters));
            replicas[i] = new RaftNode(new RaftConfig
            {
                Id = voters[i],
                GroupId = groupId,
                Storage = storages[i],
                RandomSeed = groupId,
                QuiesceAfterIdleTicks = quiesceAfterIdleTicks,
                MaxInflightMessages = 64,
            });
        }
    }

    public RaftNode Leader => replicas[0];

    public IReadOnlyList<RaftNode> Replicas => replicas;

    /// <summary>Committed entries the leader has applied, counted by <see cref="Pump"/>.</summary>
    public long AppliedOnLeader { get; private set; }

    public void ElectFirstReplica()
    {
        replicas[0].Campaign();
        for (var round = 0; round < 20; round++)
        {
            Pump();
        }

        Invariant.Assert(replicas[0].Role == StateRole.Leader, "replica 1 must win the bootstrap election");
    }

    /// <summary>One loop iteration of every replica: handle Ready, then deliver what was sent.</summary>
    public void Pump()
    {
        for (var i = 0; i < replicas.Length; i++)
        {
            HandleReady(i);
        }

        delivering.AddRange(inFlight);
        inFlight.Clear();
        foreach (var message in delivering)
        {
            replicas[(int)message.To - 1].Step(message);
        }

        delivering.Clear();
    }

    public void Tick()
    {
        foreach (var replica in replicas)
        {
            replica.Tick();
        }
    }

    private void HandleReady(int index)
    {
        var replica = replicas[index];
        if (!replica.HasReady())
        {
            return;
        }

        var ready = replica.GetReady();
        var storage = storages[index];
        storage.Append(ready.Entries);
        if (ready.HardState is { } hardState)
        {
            storage.SetHardState(hardState);
        }

        inFlight.AddRange(ready.Messages);
        if (index == 0)
        {
            AppliedOnLeader += ready.CommittedEntries.Length;
        }

        replica.Advance();
        if (ready.CommittedEntries.Length > 0)
        {
            // Keep memory flat over a long run: compact what every replica has applied.
            var applied = ready.CommittedEntries[^1].Index;
            if (applied % 65536 == 0)
            {
                storage.CreateSnapshot(applied, ConfState.OfVoters(1, 2, 3), default);
                storage.Compact(applied);
            }
        }
    }
}
