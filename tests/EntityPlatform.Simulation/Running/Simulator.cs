using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Client;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Network;
using EntityPlatform.Simulation.Replicas;
using EntityPlatform.Simulation.Scenario;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation.Running;

/// <summary>
/// Runs one seed: a safety phase with every fault the seed enabled, then a liveness phase that heals
/// everything and requires progress. Single-threaded and deterministic: simulated time only, seeded
/// generators only, fixed iteration order (replicas by id, messages by due time then send order).
/// The aspects live in partial files: Delivery, Readies, Faults, Operator, Liveness.
/// </summary>
public sealed partial class Simulator
{
    private readonly ScenarioParameters parameters;
    private readonly World world;
    private readonly Replica[] replicas;
    private readonly SeededRandom faultRandom;
    private readonly SeededRandom clientRandom;
    private readonly int[] tickPhaseUnits;
    private readonly List<Envelope> dueBuffer = [];
    private bool faultsEnabled = true;
    private bool clientsEnabled = true;
    private readonly StateRole[] lastRoles;

    public Simulator(ScenarioParameters parameters, TraceLog trace)
    {
        this.parameters = parameters;
        var seed = parameters.Seed;
        var marks = new MarkCounts();
        var checker = new SafetyChecker(KvStateMachine.KeyCount);
        faultRandom = new SeededRandom(seed ^ 0xFA17_0000_0000_0001UL);
        clientRandom = new SeededRandom(seed ^ 0xC11E_0000_0000_0002UL);
        world = new World
        {
            Parameters = parameters,
            Network = new SimNetwork(parameters, new SeededRandom(seed ^ 0x0E70_0000_0000_0003UL), marks),
            Checker = checker,
            Marks = marks,
            Trace = trace,
            Workload = new Workload(parameters, new SeededRandom(seed ^ 0x3C0A_0000_0000_0004UL), checker, marks, trace),
        };

        replicas = new Replica[parameters.NodeCount + 1];
        tickPhaseUnits = new int[parameters.NodeCount + 1];
        lastRoles = new StateRole[parameters.NodeCount + 1];
        var membership = InitialMembership();
        for (var id = 1UL; id <= (ulong)parameters.NodeCount; id++)
        {
            var founding = id <= (ulong)parameters.InitialMemberCount;
            var storage = founding ? Replica.FoundingStorage(membership) : new Consensus.Log.MemoryRaftLogStorage();
            replicas[id] = new Replica(id, storage, world);
            tickPhaseUnits[id] = faultRandom.Next(ScenarioParameters.UnitsPerTick);
            if (founding)
            {
                checker.OnSnapshotPersisted(id, new SnapshotMetadata(1, 1, membership));
            }
        }
    }

    public MarkCounts Marks => world.Marks;

    /// <summary>Runs both phases. Never throws for a bug it finds: the failure is in the result.</summary>
    public SeedResult Run()
    {
        string? failure = null;
        try
        {
            Note($"scenario seed {parameters.Seed}: {parameters}");
            foreach (var replica in Members())
            {
                replica.Start();
            }

            RunSafetyPhase();
            RunLivenessPhase();
        }
        catch (Exception error)
        {
            // Every exception is a finding: a checker's violation, a core assertion, or a crash of either.
            failure = error is SafetyViolationException ? error.Message : $"{error.GetType().Name}: {error.Message}\n{error.StackTrace}";
            Note($"FAILURE {failure}");
            Note("cluster: " + string.Join(" | ", Members().Select(replica => replica.ToString())));
        }

        return new SeedResult(parameters, failure, world.NowTicks, world.Marks);
    }

    private void RunSafetyPhase()
    {
        var endUnits = (long)parameters.SafetyTicks * ScenarioParameters.UnitsPerTick;
        while (world.NowUnits < endUnits)
        {
            StepUnit();
        }
    }

    /// <summary>One unit of simulated time: deliver, tick, act, handle Readies, check.</summary>
    private void StepUnit()
    {
        world.NowUnits++;
        world.Trace.NowUnits = world.NowUnits;
        DeliverDue();
        var isTickBoundary = world.NowUnits % ScenarioParameters.UnitsPerTick == 0;
        if (isTickBoundary)
        {
            OnTick();
        }

        TickReplicas();
        if (clientsEnabled)
        {
            ClientActions();
        }

        HandleReadies();
        CheckStep();
    }

    private void OnTick()
    {
        if (faultsEnabled)
        {
            InjectFaults();
            OperatorActions();
        }

        RestartDue();
        RunFailureDetector();
        ObserveTransfers();
        world.Workload.Expire(world.NowTicks, 20L * parameters.ElectionTicks);
    }

    private IEnumerable<Replica> Members() => replicas.Skip(1);

    private IEnumerable<Replica> UpReplicas() => replicas.Skip(1).Where(replica => replica.IsUp);

    /// <summary>The live replica that believes it leads with the highest term, if any.</summary>
    private Replica? CurrentLeader()
    {
        Replica? best = null;
        foreach (var replica in UpReplicas())
        {
            if (replica.Node!.Role == StateRole.Leader && (best is null || replica.Node.Term > best.Node!.Term))
            {
                best = replica;
            }
        }

        return best;
    }

    private ConfState InitialMembership()
    {
        var voters = Enumerable.Range(1, parameters.VoterCount).Select(id => (ulong)id).ToArray();
        var learners = Enumerable.Range(parameters.VoterCount + 1, parameters.LearnerCount).Select(id => (ulong)id).ToArray();
        return new ConfState(voters, learners, [], [], autoLeave: false);
    }

    private void Note(string line)
    {
        if (world.Trace.On)
        {
            world.Trace.Write(line);
        }
    }
}
