using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Running;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Replicas;

/// <summary>
/// One simulated replica process: the core (<see cref="RaftNode"/>), its disk (<see cref="Storage"/>,
/// which survives crashes) and its volatile state machine. The Ready handling lives in Replica.Ready.cs,
/// compaction in Replica.Compaction.cs.
/// </summary>
public sealed partial class Replica(ulong id, MemoryRaftLogStorage storage, World world)
{
    public ulong Id => id;

    /// <summary>The disk: everything here survives a crash, nothing else does.</summary>
    public MemoryRaftLogStorage Storage => storage;

    /// <summary>The running process; null while crashed.</summary>
    public RaftNode? Node { get; private set; }

    public bool IsUp => Node is not null;

    public KvStateMachine StateMachine { get; private set; } = new();

    /// <summary>The membership at the applied index, as reported by ApplyConfChange and snapshots.</summary>
    public ConfState ConfState { get; private set; } = ConfState.Empty;

    /// <summary>Counts process starts; a transport report goes only to the incarnation that sent the message.</summary>
    public int Incarnation { get; private set; }

    /// <summary>While crashed: the tick at which the process restarts.</summary>
    public long RestartAtTick { get; set; }

    /// <summary>Starts (or restarts) the process from the disk: state machine from the stored snapshot, log from storage.</summary>
    public void Start()
    {
        Invariant.Assert(Node is null, $"n{id} is already running");
        storage.TryGetSnapshot(out var snapshot);
        var machine = snapshot.IsEmpty ? new KvStateMachine() : KvStateMachine.Deserialize(snapshot.Data.Span);
        if (machine is null || machine.AppliedIndex != snapshot.Metadata.Index)
        {
            throw new SafetyViolationException("snapshot holds its state", $"n{id}'s stored snapshot {snapshot} does not decode to the state at its index");
        }

        StateMachine = machine;
        ConfState = snapshot.Metadata.ConfState;
        Incarnation++;
        Node = new RaftNode(Config(applied: snapshot.Metadata.Index));
        if (world.Trace.On)
        {
            world.Trace.Write($"n{id} start #{Incarnation}: {Node.Status()} hard={storage.HardState} first={storage.FirstIndex}");
        }
    }

    /// <summary>The process dies: the core, the state machine and the client's pending requests are gone.</summary>
    public void Crash(Mark how, int downTicks)
    {
        Invariant.Assert(Node is not null, $"n{id} is already down");
        Node = null;
        StateMachine = new KvStateMachine();
        RestartAtTick = world.NowTicks + downTicks;
        world.Workload.OnCrash(id);
        world.Marks.Hit(Mark.Crash);
        if (how != Mark.Crash)
        {
            world.Marks.Hit(how);
        }

        if (world.Trace.On)
        {
            world.Trace.Write($"n{id} CRASH ({how}), restarts at tick {RestartAtTick}");
        }
    }

    private RaftConfig Config(ulong applied)
    {
        var parameters = world.Parameters;
        return new RaftConfig
        {
            Id = id,
            GroupId = 1,
            Storage = storage,
            Applied = applied,
            RandomSeed = (parameters.Seed * 0x2545_F491_4F6C_DD1DUL) + (ulong)Incarnation,
            ElectionTicks = parameters.ElectionTicks,
            HeartbeatTicks = parameters.HeartbeatTicks,
            CheckQuorum = parameters.CheckQuorum,
            PreVote = parameters.PreVote,
            MaxClockDriftTicks = parameters.MaxClockDriftTicks,
            QuiesceAfterIdleTicks = parameters.QuiesceAfterIdleTicks,
            MaxInflightMessages = parameters.MaxInflightMessages,
            MaxSizePerMessageBytes = parameters.MaxSizePerMessageBytes,
            MaxCommittedBytesPerReady = parameters.MaxCommittedBytesPerReady,
            MaxUncommittedEntriesBytes = parameters.MaxUncommittedEntriesBytes,
            MaxPendingReads = 64,
        };
    }

    /// <summary>Bootstraps a founding member's disk: a snapshot at index 1, term 1 holding the initial membership.</summary>
    public static MemoryRaftLogStorage FoundingStorage(ConfState membership)
    {
        var storage = new MemoryRaftLogStorage();
        var data = KvStateMachine.Empty(appliedIndex: 1).Serialize();
        storage.ApplySnapshot(new Snapshot(new SnapshotMetadata(1, 1, membership), data));
        storage.SetHardState(new HardState(1, 0, 1));
        return storage;
    }

    public override string ToString() => Node is { } node ? node.Status().ToString() : $"{id}: DOWN until tick {RestartAtTick}";
}
