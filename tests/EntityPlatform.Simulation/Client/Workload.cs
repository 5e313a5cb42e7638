using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Replicas;
using EntityPlatform.Simulation.Scenario;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation.Client;

/// <summary>
/// The clients: a stream of writes and reads sent to the replica that believes it leads, or to any replica.
/// Completion (acknowledgements and served reads) is in Workload.Completion.cs.
/// </summary>
public sealed partial class Workload(ScenarioParameters parameters, SeededRandom random, SafetyChecker checker, MarkCounts marks, TraceLog trace)
{
    /// <summary>Bounds on outstanding requests, as a real client's request window.</summary>
    public const int PendingWritesMax = 256;
    public const int PendingReadsMax = 64;

    // Per proposer id: index → the write appended there.
    private readonly Dictionary<ulong, PendingWrite>[] writesByNode =
        Enumerable.Range(0, parameters.NodeCount + 1).Select(_ => new Dictionary<ulong, PendingWrite>()).ToArray();

    private readonly List<PendingRead> reads = [];
    private int pendingWriteCount;
    private ulong nextWriteId = 1;
    private ulong nextReadContext = 1;

    public int PendingWriteCount => pendingWriteCount;

    /// <summary>The id the next write gets; writes with this id or higher were issued after now.</summary>
    public ulong NextWriteId => nextWriteId;

    /// <summary>Proposes one write on <paramref name="target"/>. Returns the outcome for callers that retry (the liveness probe).</summary>
    public ProposeResult Write(Replica target, long nowTicks)
    {
        var node = target.Node!;
        var key = random.Next(KvStateMachine.KeyCount);
        var writeId = nextWriteId++;
        var data = WritePayload.Encode(key, writeId);
        var result = node.Propose(data);
        if (trace.On)
        {
            trace.Write($"client write#{writeId} key{key} -> n{target.Id}: {result}");
        }

        if (result.IsAppended && pendingWriteCount < PendingWritesMax)
        {
            var pending = writesByNode[target.Id];
            pendingWriteCount -= pending.Remove(result.Index) ? 1 : 0;
            pending[result.Index] = new PendingWrite(target.Id, result.Index, result.Term, key, writeId, data, nowTicks);
            pendingWriteCount++;
        }
        else if (result.Status == ProposeStatus.Forwarded)
        {
            marks.Hit(Mark.ProposalForwarded);
        }
        else if (result.Status == ProposeStatus.Overloaded)
        {
            marks.Hit(Mark.ProposalOverloaded);
        }

        return result;
    }

    public bool CanWrite => pendingWriteCount < PendingWritesMax;

    public void Read(Replica target, long nowTicks)
    {
        if (reads.Count >= PendingReadsMax)
        {
            return;
        }

        var node = target.Node!;
        var key = random.Next(KvStateMachine.KeyCount);
        var context = nextReadContext++;
        var mode = random.Chance(parameters.LeaseReadFraction) ? ReadMode.Lease : ReadMode.Safe;
        var onLeader = node.Role == StateRole.Leader;
        var leaseValid = onLeader && node.LeaseValid;
        var ticket = checker.Reads.Begin(context, key);
        var accepted = node.ReadIndex(context, mode);
        if (trace.On)
        {
            trace.Write($"client read ctx {context} key{key} {mode} -> n{target.Id} ({(onLeader ? "leader" : "follower")}{(leaseValid ? ", lease" : "")}): {(accepted ? "accepted" : "refused")}");
        }

        if (accepted)
        {
            reads.Add(new PendingRead(target.Id, ticket, mode, onLeader, leaseValid, nowTicks));
        }
    }

    /// <summary>Gives up on requests older than <paramref name="ageTicksMax"/>: their outcome stays unknown, as for a client that timed out.</summary>
    public void Expire(long nowTicks, long ageTicksMax)
    {
        reads.RemoveAll(read => nowTicks - read.IssuedTick > ageTicksMax);
        foreach (var pending in writesByNode)
        {
            foreach (var (index, write) in pending.Where(pair => nowTicks - pair.Value.IssuedTick > ageTicksMax).ToArray())
            {
                pending.Remove(index);
                pendingWriteCount--;
            }
        }
    }
}
