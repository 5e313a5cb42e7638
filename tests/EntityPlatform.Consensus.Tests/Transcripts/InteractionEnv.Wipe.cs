using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Consensus.Tests.Transcripts;

public sealed partial class InteractionEnv
{
    /// <summary>
    /// <c>wipe ID voters=(1 2 3) [index=I] [rejoining=true]</c>: the replica loses its disk and comes back as a
    /// node does after a disk loss: storage founded again from the given membership (a snapshot at index I, as
    /// add-nodes makes), no term, no vote, nothing applied. With rejoining=true it starts as RaftConfig.Rejoining
    /// says (the node's --rejoin); with false, it starts as if nothing had happened (the hole issue 12 closes).
    /// </summary>
    private void Wipe(CommandLine command)
    {
        var id = command.Id();
        var old = Node(id);
        var confState = new ConfState(command.GetIds("voters"), command.GetIds("learners"), [], [], autoLeave: false);
        var index = (ulong)command.GetInt("index", 0);
        var storage = StorageAt(confState, index);

        var config = new RaftConfig
        {
            Id = id,
            Storage = storage,
            Applied = index,
            RandomSeed = old.Config.RandomSeed + 1,
            ElectionTicks = old.Config.ElectionTicks,
            HeartbeatTicks = old.Config.HeartbeatTicks,
            PreVote = old.Config.PreVote,
            CheckQuorum = old.Config.CheckQuorum,
            QuiesceAfterIdleTicks = old.Config.QuiesceAfterIdleTicks,
            MaxClockDriftTicks = old.Config.MaxClockDriftTicks,
            MaxInflightMessages = old.Config.MaxInflightMessages,
            MaxSizePerMessageBytes = old.Config.MaxSizePerMessageBytes,
            Rejoining = command.Get("rejoining", "true") == "true",
        };
        var node = new EnvNode(new RaftNode(config), storage, config) { ConfState = confState, AppliedIndex = index };
        nodes[id] = node;
        output.Add($"wiped {id}{(config.Rejoining ? " (rejoining)" : "")}: {node.Raft.Status()}");
    }
}
