using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Consensus.Tests.Transcripts;

/// <summary>
/// Drives several replicas of one group from transcript commands and prints what happens. Messages are
/// queued per recipient and delivered only when a command says so, which makes every interleaving in a
/// transcript explicit. The aspects live in partial files: Nodes, Ready, Network, Print.
/// </summary>
public sealed partial class InteractionEnv
{
    private readonly SortedDictionary<ulong, EnvNode> nodes = [];
    private readonly List<string> output = [];

    public IReadOnlyList<string> Run(string commandText)
    {
        output.Clear();
        var command = CommandLine.Parse(commandText);
        try
        {
            Dispatch(command);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or InvalidMessageException)
        {
            output.Add($"error: {error.Message}");
        }

        if (output.Count == 0)
        {
            output.Add("ok");
        }

        return output.ToArray();
    }

    private void Dispatch(CommandLine command)
    {
        switch (command.Name)
        {
            case "add-nodes": AddNodes(command); break;
            case "restart": Restart(command.Id()); break;
            case "wipe": Wipe(command); break;
            case "campaign": Node(command.Id()).Raft.Campaign(); break;
            case "propose": Propose(command); break;
            case "propose-conf-change": ProposeConfChange(command); break;
            case "transfer-leader": Node(command.Id(0)).Raft.TransferLeader(command.Id(1)); break;
            case "read-index": ReadIndex(command); break;
            case "tick": Tick(command.Id(), command.GetInt("n", 1), command.GetInt("elapsed", 1)); break;
            case "tick-heartbeat": Tick(command.Id(), Node(command.Id()).Config.HeartbeatTicks); break;
            case "tick-election": Tick(command.Id(), 2 * Node(command.Id()).Config.ElectionTicks); break;
            case "wake": Node(command.Id()).Raft.Wake(); break;
            case "process-ready": ProcessReadyOf(command.Ids()); break;
            case "deliver-msgs": DeliverTo(command.Ids(), command.Get("drop", "") == "true"); break;
            case "stabilize": Stabilize(command.Positional.Count == 0 ? nodes.Keys : command.Ids()); break;
            case "isolate": Isolate(command.Id()); break;
            case "cut": Cut(command.Id(0), command.Id(1)); break;
            case "heal": Heal(); break;
            case "compact": Compact(command.Id(), ulong.Parse(command.Positional[1])); break;
            case "status": PrintStatus(command.Id()); break;
            case "freshness": PrintFreshness(command.Id()); break;
            case "raft-state": PrintRaftState(); break;
            case "raft-log": PrintLog(command.Id()); break;
            case "applied": PrintApplied(command.Id()); break;
            case "step-raw": StepRaw(command); break;
            default: throw new FormatException($"unknown command '{command.Name}'");
        }
    }

    private EnvNode Node(ulong id) =>
        nodes.TryGetValue(id, out var node) ? node : throw new FormatException($"no replica {id}; add it with add-nodes first");

    private void Propose(CommandLine command)
    {
        var data = command.Positional.Count > 1 ? command.Positional[1] : "";
        var result = Node(command.Id()).Raft.Propose(System.Text.Encoding.ASCII.GetBytes(data));
        if (!result.IsAppended)
        {
            output.Add($"propose: {result}");
        }
    }

    private void ProposeConfChange(CommandLine command)
    {
        var changes = command.Positional.Skip(1).Select(ParseChange).ToArray();
        var transition = command.Get("transition", "auto") switch
        {
            "auto" => ConfChangeTransition.Auto,
            "implicit" => ConfChangeTransition.JointImplicit,
            "explicit" => ConfChangeTransition.JointExplicit,
            var other => throw new FormatException($"transition must be auto, implicit or explicit, got '{other}'"),
        };
        var result = Node(command.Id()).Raft.ProposeConfChange(new ConfChange(transition, changes));
        output.Add($"propose-conf-change: {result}");
    }

    private static ConfChangeSingle ParseChange(string token)
    {
        var id = ulong.Parse(token[1..]);
        return token[0] switch
        {
            'v' => new ConfChangeSingle(ConfChangeType.AddNode, id),
            'l' => new ConfChangeSingle(ConfChangeType.AddLearnerNode, id),
            'r' => new ConfChangeSingle(ConfChangeType.RemoveNode, id),
            _ => throw new FormatException($"conf change '{token}' must start with v (voter), l (learner) or r (remove)"),
        };
    }

    private void ReadIndex(CommandLine command)
    {
        var mode = command.Get("mode", "safe") == "lease" ? ReadMode.Lease : ReadMode.Safe;
        var accepted = Node(command.Id()).Raft.ReadIndex((ulong)command.GetInt("ctx", 1), mode);
        if (!accepted)
        {
            output.Add("read-index: refused");
        }
    }

    /// <summary><c>tick ID [n=N] [elapsed=K]</c>: N ticks, each after K tick intervals (K > 1 models a stalled host).</summary>
    private void Tick(ulong id, int count, int elapsedTicks = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Node(id).Raft.Tick(elapsedTicks);
        }
    }

    /// <summary>Steps a hand-made message, to show how the boundary treats malformed input.</summary>
    private void StepRaw(CommandLine command)
    {
        var to = command.Id();
        var message = new Message
        {
            GroupId = (ulong)command.GetInt("group", 0),
            Type = (MessageType)command.GetInt("type", 1),
            From = (ulong)command.GetInt("from", 1),
            To = to,
            Term = (ulong)command.GetInt("term", 1),
            Index = (ulong)command.GetInt("index", 0),
            LogTerm = (ulong)command.GetInt("logterm", 0),
        };
        Node(to).Raft.Step(message);
    }
}
