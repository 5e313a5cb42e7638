using System.Text;
using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Consensus.Tests.Transcripts;

public sealed partial class InteractionEnv
{
    /// <summary>
    /// <c>add-nodes N voters=(1 2 3) [learners=(4)] [index=I] [election=10] [heartbeat=1] [prevote=true]
    /// [checkquorum=true] [quiesce=0] [drift=2] [max-inflight=256] [max-msg-bytes=N]</c>: new replicas whose
    /// storage starts from a snapshot at index I holding the given membership.
    /// </summary>
    private void AddNodes(CommandLine command)
    {
        var count = int.Parse(command.Positional[0]);
        var confState = new ConfState(command.GetIds("voters"), command.GetIds("learners"), [], [], autoLeave: false);
        var index = (ulong)command.GetInt("index", 0);
        for (var i = 0; i < count; i++)
        {
            var id = (ulong)nodes.Count + 1;
            var storage = StorageAt(confState, index);

            var config = new RaftConfig
            {
                Id = id,
                Storage = storage,
                Applied = index,
                RandomSeed = 42,
                ElectionTicks = command.GetInt("election", 10),
                HeartbeatTicks = command.GetInt("heartbeat", 1),
                PreVote = command.Get("prevote", "true") == "true",
                CheckQuorum = command.Get("checkquorum", "true") == "true",
                QuiesceAfterIdleTicks = command.GetInt("quiesce", 0),
                MaxClockDriftTicks = command.GetInt("drift", 2),
                MaxInflightMessages = command.GetInt("max-inflight", 256),
                MaxSizePerMessageBytes = (ulong)command.GetInt("max-msg-bytes", 1 << 20),
            };
            nodes[id] = new EnvNode(new RaftNode(config), storage, config) { ConfState = confState, AppliedIndex = index };
        }
    }

    /// <summary>Restarts a replica from its storage, as after a crash: in-memory state is rebuilt from disk.</summary>
    private void Restart(ulong id)
    {
        var node = Node(id);
        var config = new RaftConfig
        {
            Id = node.Config.Id,
            Storage = node.Storage,
            Applied = node.AppliedIndex,
            RandomSeed = node.Config.RandomSeed + 1,
            ElectionTicks = node.Config.ElectionTicks,
            HeartbeatTicks = node.Config.HeartbeatTicks,
            PreVote = node.Config.PreVote,
            CheckQuorum = node.Config.CheckQuorum,
            QuiesceAfterIdleTicks = node.Config.QuiesceAfterIdleTicks,
            MaxClockDriftTicks = node.Config.MaxClockDriftTicks,
            MaxInflightMessages = node.Config.MaxInflightMessages,
            MaxSizePerMessageBytes = node.Config.MaxSizePerMessageBytes,
        };
        node.Raft = new RaftNode(config);
        output.Add($"restarted {id}: {node.Raft.Status()}");
    }

    /// <summary><c>compact ID INDEX</c>: snapshot the applied state at INDEX and drop the log up to it.</summary>
    private void Compact(ulong id, ulong index)
    {
        var node = Node(id);
        if (index > node.AppliedIndex)
        {
            throw new FormatException($"compact: index {index} is past what replica {id} applied ({node.AppliedIndex})");
        }

        var data = Encoding.ASCII.GetBytes(string.Join(',', node.Applied));
        node.Storage.CreateSnapshot(index, node.ConfState, data);
        node.Storage.Compact(index);
        output.Add($"compacted {id} through {index}; first index now {node.Storage.FirstIndex}");
    }

    private static List<string> DecodeSnapshotData(ReadOnlyMemory<byte> data) =>
        data.IsEmpty ? [] : Encoding.ASCII.GetString(data.Span).Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>A node's log storage with the given membership, starting after a snapshot at <paramref name="index"/> (none when 0).</summary>
    private static MemoryRaftLogStorage StorageAt(ConfState confState, ulong index)
    {
        var storage = new MemoryRaftLogStorage(confState);
        if (index > 0)
        {
            storage.ApplySnapshot(new Snapshot(new SnapshotMetadata(index, 1, confState), default));
        }

        return storage;
    }
}
