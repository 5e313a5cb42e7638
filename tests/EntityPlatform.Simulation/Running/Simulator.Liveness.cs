using EntityPlatform.Consensus.Messages;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Running;

/// <summary>
/// The liveness phase: heal every fault (no loss, no cuts, every process up and awake, no more crashes or
/// operator actions), then require within a bounded number of ticks that a new write is acknowledged and
/// that every member of the final configuration has applied it and holds the same state.
/// </summary>
public sealed partial class Simulator
{
    private void RunLivenessPhase()
    {
        HealAll();
        var healTick = world.NowTicks;
        var firstProbeWriteId = world.Workload.NextWriteId;
        var deadlineTicks = world.NowTicks + LivenessBudgetTicks();
        long? lastProbeTick = null;
        while (world.NowTicks < deadlineTicks)
        {
            StepUnit();
            if (world.NowUnits % ScenarioParameters.UnitsPerTick != 0)
            {
                continue;
            }

            var acked = world.Workload.LastAcked is { } last && last.WriteId >= firstProbeWriteId ? last : (AckedWrite?)null;
            if (acked is { } probe && Converged(probe.Index))
            {
                world.Marks.Hit(Mark.LivenessReached);
                Note($"liveness reached: {probe} applied everywhere");
                return;
            }

            if ((lastProbeTick is null || world.NowTicks - lastProbeTick >= 2L * parameters.ElectionTicks) && CurrentLeader() is { } leader)
            {
                lastProbeTick = world.NowTicks;
                DriveLeader(leader, needProbe: acked is null);
            }
        }

        throw new SafetyViolationException("liveness",
            $"no convergence within {deadlineTicks - healTick} ticks after healing; leader: {CurrentLeader()?.Id.ToString() ?? "none"}; " +
            string.Join(" | ", Members().Select(replica => replica.ToString())));
    }

    /// <summary>
    /// Ticks the cluster gets to converge: a fixed allowance for elections, plus the time the slowest
    /// replication settings of this seed (entries per message, messages in flight) need to ship the
    /// longest log to the most lagging replica over a FIFO link.
    /// </summary>
    private long LivenessBudgetTicks()
    {
        var longest = Members().Max(replica => replica.Storage.LastIndex);
        var shortest = Members().Min(replica => Math.Min(replica.Storage.LastIndex, replica.StateMachine.AppliedIndex));
        var entriesPerMessage = Math.Max(1UL, parameters.MaxSizePerMessageBytes / (Replicas.WritePayload.SizeBytes + Entry.HeaderSizeBytes));
        var entriesPerRoundTrip = Math.Min(1000UL, entriesPerMessage * (ulong)parameters.MaxInflightMessages);
        var roundTripTicks = 2 + (2 * parameters.DelayMaxUnits / ScenarioParameters.UnitsPerTick);
        var backlogTicks = (long)((longest - shortest) / entriesPerRoundTrip + 1) * roundTripTicks;
        return parameters.LivenessTicksMax + backlogTicks;
    }

    private void HealAll()
    {
        faultsEnabled = false;
        clientsEnabled = false;
        world.Network.FaultsEnabled = false;
        world.Network.Links.HealAll();
        Note("heal: network repaired, every process restarted and woken");
        foreach (var replica in replicas.AsSpan(1))
        {
            if (!replica.IsUp)
            {
                replica.Start();
                world.Marks.Hit(Mark.Restart);
            }

            replica.Node!.Wake();
        }
    }

    private void DriveLeader(Replicas.Replica leader, bool needProbe)
    {
        if (leader.ConfState.IsJoint && !leader.ConfState.AutoLeave)
        {
            ProposeConfChange(leader, ConfChange.LeaveJoint);
        }

        if (needProbe)
        {
            world.Workload.Write(leader, world.NowTicks);
        }
    }

    /// <summary>Every member of the leader's (non-joint) configuration applied the probe, and all stand at the same index with the same state.</summary>
    private bool Converged(ulong probeIndex)
    {
        if (CurrentLeader() is not { } leader || leader.ConfState.IsJoint)
        {
            return false;
        }

        var members = leader.ConfState.AllMembers.Select(id => replicas[id]).ToList();
        var appliedIndex = leader.StateMachine.AppliedIndex;
        var digest = leader.StateMachine.Digest();
        foreach (var member in members)
        {
            if (!member.IsUp || member.StateMachine.AppliedIndex != appliedIndex || member.StateMachine.AppliedIndex < probeIndex ||
                member.StateMachine.Digest() != digest)
            {
                return false;
            }
        }

        return true;
    }
}
