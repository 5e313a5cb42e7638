using EntityPlatform.Consensus.Messages;
using EntityPlatform.Simulation.Coverage;

namespace EntityPlatform.Simulation.Running;

/// <summary>
/// The node-liveness failure detector that quiescing relies on: a quiesced follower only wakes on traffic,
/// and a dead or cut-off leader sends none. When a quiesced replica cannot reach the leader it believes in
/// for half an election timeout, the detector wakes it. It also wakes replicas for no reason now and then,
/// as real detectors do.
/// </summary>
public sealed partial class Simulator
{
    private int[]? suspicionTicks;
    private bool[]? wasQuiesced;

    private void RunFailureDetector()
    {
        suspicionTicks ??= new int[replicas.Length];
        wasQuiesced ??= new bool[replicas.Length];
        var thresholdTicks = Math.Max(1, parameters.ElectionTicks / 2);
        foreach (var replica in replicas.AsSpan(1))
        {
            var id = replica.Id;
            if (replica.Node is not { } node || !node.IsQuiesced)
            {
                wasQuiesced[id] = false;
                suspicionTicks[id] = 0;
                continue;
            }

            if (!wasQuiesced[id])
            {
                wasQuiesced[id] = true;
                world.Marks.Hit(Mark.Quiesced);
                Note($"n{id} quiesced (leader n{node.Leader}, {node.Role})");
            }

            suspicionTicks[id] = LeaderUnreachable(id, node.Leader, node.Role) ? suspicionTicks[id] + 1 : 0;
            if (suspicionTicks[id] >= thresholdTicks)
            {
                Wake(replica, Mark.WokenByDetector);
            }
            else if (faultsEnabled && faultRandom.Chance(parameters.FalseWakePerTick))
            {
                Wake(replica, Mark.FalseWake);
            }
        }
    }

    private bool LeaderUnreachable(ulong id, ulong leader, StateRole role)
    {
        if (role == StateRole.Leader)
        {
            return false;
        }

        if (leader == 0 || leader > (ulong)parameters.NodeCount || !replicas[leader].IsUp)
        {
            return true;
        }

        var links = world.Network.Links;
        return links.IsCut(id, leader, world.NowTicks) || links.IsCut(leader, id, world.NowTicks);
    }

    private void Wake(Replicas.Replica replica, Mark why)
    {
        replica.Node!.Wake();
        suspicionTicks![replica.Id] = 0;
        wasQuiesced![replica.Id] = false;
        world.Marks.Hit(why);
        Note($"n{replica.Id} woken ({why})");
    }
}
