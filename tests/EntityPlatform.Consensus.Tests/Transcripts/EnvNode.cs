using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Consensus.Tests.Transcripts;

/// <summary>One replica in a transcript: the core, its storage, and what it has applied.</summary>
public sealed class EnvNode(RaftNode raft, MemoryRaftLogStorage storage, RaftConfig config)
{
    public RaftNode Raft { get; set; } = raft;

    public MemoryRaftLogStorage Storage { get; } = storage;

    public RaftConfig Config { get; } = config;

    /// <summary>Data of every applied normal entry, in order (the "state machine").</summary>
    public List<string> Applied { get; } = [];

    public ConfState ConfState { get; set; } = ConfState.Empty;

    public ulong AppliedIndex { get; set; }
}
