using EntityPlatform.Consensus.Messages;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Replicas;

namespace EntityPlatform.Simulation.Client;

/// <summary>How requests complete: a write is acknowledged when its proposer applies it, a read is served once applied far enough.</summary>
public sealed partial class Workload
{
    /// <summary>The last write acknowledged, for the liveness phase to watch.</summary>
    public AckedWrite? LastAcked { get; private set; }

    public void OnApplied(Replica replica, in Entry entry)
    {
        var pending = writesByNode[replica.Id];
        if (pending.Count > 0 && pending.Remove(entry.Index, out var write))
        {
            pendingWriteCount--;
            if (write.Term != entry.Term)
            {
                // A new leader overwrote the uncommitted proposal: not acknowledged, so losing it is allowed.
                marks.Hit(Mark.WriteOverwritten);
            }
            else
            {
                var acked = new AckedWrite(entry.Index, entry.Term, write.Key, write.WriteId, replica.Id);
                checker.OnWriteAcked(acked, entry);
                LastAcked = acked;
                marks.Hit(Mark.WriteAcked);
                if (trace.On)
                {
                    trace.Write($"client ACK {acked}");
                }
            }
        }
    }

    public void OnReadStates(Replica replica, IReadOnlyList<ReadState> readStates)
    {
        foreach (var readState in readStates)
        {
            foreach (var read in reads)
            {
                if (read.NodeId == replica.Id && read.Ticket.Context == readState.Context)
                {
                    read.ReadIndex = readState.Index;
                }
            }
        }

        // Also serves reads whose ReadState came earlier and that this Ready's entries caught up with.
        ServeReads(replica);
    }

    /// <summary>A snapshot replaced the proposer's state: whether its writes below the snapshot made it is unknown.</summary>
    public void OnSnapshotInstalled(ulong nodeId, ulong snapshotIndex)
    {
        var pending = writesByNode[nodeId];
        foreach (var index in pending.Keys.Where(index => index <= snapshotIndex).ToArray())
        {
            pending.Remove(index);
            pendingWriteCount--;
        }
    }

    public void OnCrash(ulong nodeId)
    {
        pendingWriteCount -= writesByNode[nodeId].Count;
        writesByNode[nodeId].Clear();
        reads.RemoveAll(read => read.NodeId == nodeId);
    }

    private void ServeReads(Replica replica)
    {
        var applied = replica.StateMachine.AppliedIndex;
        for (var i = 0; i < reads.Count; i++)
        {
            var read = reads[i];
            if (read.NodeId != replica.Id || read.ReadIndex is not { } readIndex || applied < readIndex)
            {
                continue;
            }

            var (writeId, writeIndex) = replica.StateMachine.Read(read.Ticket.Key);
            checker.Reads.Complete(read.Ticket, replica.Id, readIndex, applied, writeIndex);
            marks.Hit(!read.OnLeader ? Mark.FollowerReadServed
                : read.Mode == Consensus.Raft.ReadMode.Lease && read.LeaseValid ? Mark.LeaseReadServed : Mark.SafeReadServed);
            if (trace.On)
            {
                trace.Write($"client read ctx {read.Ticket.Context} served by n{replica.Id} at applied {applied} (read index {readIndex}): key{read.Ticket.Key} = write#{writeId}@{writeIndex}");
            }

            reads.RemoveAt(i--);
        }
    }
}
