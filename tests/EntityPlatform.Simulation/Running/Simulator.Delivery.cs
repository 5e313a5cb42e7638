using EntityPlatform.Consensus.Messages;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Network;
using EntityPlatform.Simulation.Replicas;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Running;

/// <summary>Message delivery: drop what crosses a cut link or reaches a dead process, step the rest, and play the transport's reports.</summary>
public sealed partial class Simulator
{
    private void DeliverDue()
    {
        dueBuffer.Clear();
        world.Network.TakeDue(world.NowUnits, dueBuffer);
        foreach (var envelope in dueBuffer)
        {
            Deliver(envelope);
        }
    }

    private void Deliver(Envelope envelope)
    {
        var message = envelope.Message;
        if (message.To == 0 || message.To > (ulong)parameters.NodeCount)
        {
            throw new SafetyViolationException("messages are well formed", $"message to unknown replica: {message}");
        }

        var target = replicas[message.To];
        if (world.Network.Links.IsCut(message.From, message.To, world.NowTicks) || !target.IsUp)
        {
            world.Marks.Hit(Mark.MessageCutByPartition);
            ReportUndelivered(envelope);
            return;
        }

        if (world.Trace.On)
        {
            world.Trace.Write($"deliver {message}");
        }

        CountMessageMarks(message);
        try
        {
            target.Node!.Step(message);
        }
        catch (InvalidMessageException error)
        {
            throw new SafetyViolationException("messages are well formed", $"n{message.To} refused {message}: {error.Message}");
        }

        if (message.Type == MessageType.Snap && SenderProcess(envelope) is { } sender)
        {
            sender.ReportSnapshot(message.To, failed: false);
        }
    }

    /// <summary>A transport notices some failed sends; it tells the sender, which stops pipelining or retries the snapshot.</summary>
    private void ReportUndelivered(Envelope envelope)
    {
        if (SenderProcess(envelope) is not { } sender || !faultRandom.Chance(parameters.UnreachableReportProbability))
        {
            return;
        }

        var message = envelope.Message;
        if (message.Type == MessageType.Snap)
        {
            sender.ReportSnapshot(message.To, failed: true);
        }
        else
        {
            sender.ReportUnreachable(message.To);
        }
    }

    /// <summary>The sender's process if it is still the one that sent the envelope.</summary>
    private Consensus.Raft.RaftNode? SenderProcess(Envelope envelope)
    {
        var sender = replicas[envelope.Message.From];
        return sender.IsUp && sender.Incarnation == envelope.SenderIncarnation ? sender.Node : null;
    }

    private void CountMessageMarks(Message message)
    {
        switch (message.Type)
        {
            case MessageType.PreVoteResp when message.Reject:
                world.Marks.Hit(Mark.PreVoteRejected);
                break;
            case MessageType.VoteResp when message.Reject:
                world.Marks.Hit(Mark.VoteRejected);
                break;
            case MessageType.Snap:
                world.Marks.Hit(Mark.SnapshotSent);
                break;
        }
    }

    private void HandleReadies()
    {
        foreach (var replica in replicas.AsSpan(1))
        {
            // Bounded: a Ready can produce another (an automatic leave-joint after applying), but never forever.
            for (var round = 0; round < 16 && replica.Node is { } node && node.HasReady(); round++)
            {
                var crash = DrawReadyCrash(out var tornEntryCount);
                if (!replica.HandleReady(crash, tornEntryCount, DownTicks()))
                {
                    break;
                }
            }
        }
    }

    private CrashPoint DrawReadyCrash(out int tornEntryCount)
    {
        tornEntryCount = 0;
        if (!faultsEnabled || !faultRandom.Chance(parameters.CrashInReadyProbability))
        {
            return CrashPoint.None;
        }

        var point = (CrashPoint)faultRandom.Between((int)CrashPoint.BeforePersist, (int)CrashPoint.AfterApply);
        if (point == CrashPoint.TornPersist && !faultRandom.Chance(parameters.TornWriteFraction))
        {
            point = CrashPoint.BeforePersist;
        }

        // The torn write keeps a prefix, never all of the entries (that would just be AfterPersist without the hard state).
        tornEntryCount = faultRandom.Next(1 << 20);
        return point;
    }
}
