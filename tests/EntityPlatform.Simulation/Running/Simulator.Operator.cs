using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Running;

/// <summary>
/// What an operator does to a running group: membership changes (single, joint with automatic or explicit
/// leave, learner promotion and demotion) and leadership transfers. Ids are never reused: a removed replica
/// keeps its old disk, and re-adding it would be a different scenario than the one these checks model.
/// </summary>
public sealed partial class Simulator
{
    private const int VotersMax = 7;
    private bool[]? idUsed;
    private (ulong Target, ulong Term, long Tick)? pendingTransfer;

    private void OperatorActions()
    {
        if (faultRandom.Chance(parameters.ConfChangePerTick) && CurrentLeader() is { } leader)
        {
            ProposeConfChange(leader, DrawConfChange(leader.ConfState));
        }

        if (faultRandom.Chance(parameters.TransferPerTick) && CurrentLeader() is { } from)
        {
            RequestTransfer(from);
        }
    }

    private void ProposeConfChange(Replicas.Replica leader, ConfChange? change)
    {
        if (change is null)
        {
            return;
        }

        var result = leader.Node!.ProposeConfChange(change);
        Note($"operator conf change {change} on n{leader.Id}: {result}");
        if (result.Status == ProposeStatus.Rejected)
        {
            world.Marks.Hit(Mark.ConfChangeRefused);
        }
    }

    private ConfChange? DrawConfChange(ConfState conf)
    {
        if (conf.IsJoint && !conf.AutoLeave && faultRandom.Chance(0.7))
        {
            return ConfChange.LeaveJoint;
        }

        var singles = new List<ConfChangeSingle>();
        var changeCount = faultRandom.Chance(parameters.JointChangeFraction) ? faultRandom.Between(1, 3) : 1;
        for (var i = 0; i < changeCount; i++)
        {
            if (DrawSingleChange(conf, singles) is { } single)
            {
                singles.Add(single);
            }
        }

        if (singles.Count == 0)
        {
            return null;
        }

        var transition = changeCount == 1 && !faultRandom.Chance(parameters.JointChangeFraction)
            ? ConfChangeTransition.Auto
            : (ConfChangeTransition)faultRandom.Between(0, 2);
        return new ConfChange(transition, singles);
    }

    /// <summary>One change that makes sense for <paramref name="conf"/> and touches a node not yet in <paramref name="chosen"/>.</summary>
    private ConfChangeSingle? DrawSingleChange(ConfState conf, List<ConfChangeSingle> chosen)
    {
        idUsed ??= Enumerable.Range(0, replicas.Length).Select(id => id <= parameters.InitialMemberCount).ToArray();
        var taken = chosen.Select(change => change.NodeId).ToHashSet();
        var voters = conf.Voters.Where(id => !taken.Contains(id)).ToList();
        var learners = conf.Learners.Where(id => !taken.Contains(id)).ToList();
        var fresh = Enumerable.Range(1, parameters.NodeCount).Where(id => !idUsed[id]).Select(id => (ulong)id).ToList();
        switch (faultRandom.Next(5))
        {
            case 0 when fresh.Count > 0:
                return UseFresh(ConfChangeType.AddLearnerNode, fresh);
            case 1 when fresh.Count > 0 && conf.Voters.Count < VotersMax:
                return UseFresh(ConfChangeType.AddNode, fresh);
            case 2 when learners.Count > 0 && conf.Voters.Count < VotersMax:
                return new ConfChangeSingle(ConfChangeType.AddNode, faultRandom.Pick(learners));
            case 3 when voters.Count > 0 && conf.Voters.Count > 1:
                return new ConfChangeSingle(faultRandom.Chance(0.5) ? ConfChangeType.RemoveNode : ConfChangeType.AddLearnerNode, faultRandom.Pick(voters));
            case 4 when learners.Count > 0:
                return new ConfChangeSingle(ConfChangeType.RemoveNode, faultRandom.Pick(learners));
            default:
                return null;
        }
    }

    private ConfChangeSingle UseFresh(ConfChangeType type, List<ulong> fresh)
    {
        var id = faultRandom.Pick(fresh);
        idUsed![id] = true;
        return new ConfChangeSingle(type, id);
    }

    private void RequestTransfer(Replicas.Replica leader)
    {
        var voters = leader.ConfState.Voters.Where(id => id != leader.Id).ToList();
        if (voters.Count == 0)
        {
            return;
        }

        var target = faultRandom.Pick(voters);
        // Usually asked of the leader; sometimes of a follower, which forwards the request.
        var asked = faultRandom.Chance(0.8) ? leader : replicas[1 + faultRandom.Next(parameters.NodeCount)];
        if (!asked.IsUp)
        {
            return;
        }

        asked.Node!.TransferLeader(target);
        pendingTransfer = (target, leader.Node!.Term, world.NowTicks);
        world.Marks.Hit(Mark.TransferRequested);
        Note($"operator transfer leadership n{leader.Id} -> n{target} (asked n{asked.Id})");
    }

    /// <summary>A transfer completed when its target leads a later term within a few election timeouts.</summary>
    private void ObserveTransfers()
    {
        if (pendingTransfer is not { } transfer)
        {
            return;
        }

        if (world.NowTicks - transfer.Tick > 3L * parameters.ElectionTicks)
        {
            pendingTransfer = null;
            return;
        }

        var target = replicas[transfer.Target];
        if (target.Node is { Role: StateRole.Leader } node && node.Term > transfer.Term)
        {
            world.Marks.Hit(Mark.TransferCompleted);
            pendingTransfer = null;
        }
    }
}
