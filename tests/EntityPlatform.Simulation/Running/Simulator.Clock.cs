using EntityPlatform.Consensus.Messages;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Running;

/// <summary>
/// Clocks and clients. Each replica ticks once per tick at its own phase within the tick. A replica's
/// clock may also run fast, within the drift the core is told to tolerate (<see cref="ScenarioParameters.MaxClockDriftTicks"/>):
/// at most drift - 1 extra ticks in any election timeout, since the differing phases already cost up to one tick.
/// </summary>
public sealed partial class Simulator
{
    private Queue<long>[]? fastTickHistory;

    private void TickReplicas()
    {
        fastTickHistory ??= Enumerable.Range(0, replicas.Length).Select(_ => new Queue<long>()).ToArray();
        foreach (var replica in replicas.AsSpan(1))
        {
            if (replica.Node is not { } node || (world.NowUnits + tickPhaseUnits[replica.Id]) % ScenarioParameters.UnitsPerTick != 0)
            {
                continue;
            }

            node.Tick();
            if (faultsEnabled && parameters.ClockFastPerTick > 0 && faultRandom.Chance(parameters.ClockFastPerTick) && MayRunFast(replica.Id))
            {
                node.Tick();
                world.Marks.Hit(Mark.ClockRanFast);
            }
        }
    }

    private bool MayRunFast(ulong id)
    {
        var history = fastTickHistory![id];
        while (history.Count > 0 && history.Peek() <= world.NowTicks - parameters.ElectionTicks)
        {
            history.Dequeue();
        }

        if (history.Count >= parameters.MaxClockDriftTicks - 1)
        {
            return false;
        }

        history.Enqueue(world.NowTicks);
        return true;
    }

    private void ClientActions()
    {
        if (clientRandom.Chance(parameters.WritesPerTick / ScenarioParameters.UnitsPerTick) && world.Workload.CanWrite && PickClientTarget() is { } writeTarget)
        {
            world.Workload.Write(writeTarget, world.NowTicks);
        }

        if (clientRandom.Chance(parameters.ReadsPerTick / ScenarioParameters.UnitsPerTick) && PickClientTarget() is { } readTarget)
        {
            world.Workload.Read(readTarget, world.NowTicks);
        }
    }

    /// <summary>Mostly the replica that believes it leads, as a client that follows leader hints; otherwise any live replica.</summary>
    private Replicas.Replica? PickClientTarget()
    {
        if (clientRandom.Chance(parameters.ToLeaderFraction) && CurrentLeader() is { } leader)
        {
            return leader;
        }

        var candidate = replicas[1 + clientRandom.Next(parameters.NodeCount)];
        return candidate.IsUp ? candidate : null;
    }

    /// <summary>Checks that need the whole cluster at once, after every unit; the rest run as events happen.</summary>
    private void CheckStep()
    {
        foreach (var replica in replicas.AsSpan(1))
        {
            if (replica.Node is not { } node)
            {
                continue;
            }

            var role = node.Role;
            if (role == StateRole.Leader)
            {
                world.Checker.Leaders.OnLeader(node.Term, replica.Id);
            }
            else if (lastRoles[replica.Id] == StateRole.Leader)
            {
                world.Marks.Hit(Mark.LeaderSteppedDown);
            }

            lastRoles[replica.Id] = role;
        }
    }
}
