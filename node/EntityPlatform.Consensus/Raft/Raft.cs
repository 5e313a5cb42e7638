using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Membership;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// The Raft protocol for one replica of one group, as a deterministic state machine (etcd-io/raft's
/// design). Inputs: <see cref="Step"/> and <see cref="Tick"/>. Output is buffered in
/// <see cref="Outbox"/> and <see cref="ReadStates"/> and collected by <see cref="RaftNode"/> into a Ready;
/// nothing here performs I/O. The aspects live in partial files: Election, Replication, Leader,
/// Follower, Reads, Snapshot, Membership, Transfer, Quiesce.
/// Invariants: a leader's own progress has Match = LastIndex; Vote is only ever set once per term.
/// </summary>
internal sealed partial class Raft
{
    public const ulong None = 0;

    private readonly RaftConfig config;
    private readonly SeededRandom random;
    private Action tick;
    private Action<Message> stepByRole;

    public Raft(RaftConfig config)
    {
        var problem = config.Validate();
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid RaftConfig: {problem}.", nameof(config));
        }

        this.config = config;
        Id = config.Id;
        GroupId = config.GroupId;
        random = new SeededRandom(config.RandomSeed ^ (config.Id * 0x9E3779B97F4A7C15UL) ^ config.GroupId);
        Log = new RaftLog(config.Storage, config.MaxCommittedBytesPerReady);
        Tracker = new ProgressTracker(config.MaxInflightMessages, config.MaxInflightBytes);
        reads = new ReadOnlyQueue(config.MaxPendingReads);

        var (hardState, confState) = config.Storage.InitialState();
        var (trackerConfig, progress) = ConfStateRestorer.Restore(confState, Tracker, Log.LastIndex);
        SwitchToConfig(trackerConfig, progress);
        if (!hardState.IsEmpty)
        {
            LoadHardState(hardState);
        }

        // A replica that has seen a term may have acknowledged a leader's lease before it restarted.
        startupQuietTicks = Term > 0 ? config.ElectionTicks : 0;
        rejoining = config.Rejoining;

        Log.RestoreApplied(config.Applied);
        tick = TickElection;
        stepByRole = StepFollower;
        BecomeFollower(Term, None);
    }

    public ulong Id { get; }
    public ulong GroupId { get; }
    public ulong Term { get; private set; }
    public ulong Vote { get; private set; }
    public ulong Leader { get; private set; }
    public StateRole Role { get; private set; }
    public bool IsLearner { get; private set; }
    public RaftLog Log { get; }
    public ProgressTracker Tracker { get; private set; }

    /// <summary>Messages to send once the Ready that carries them has been persisted.</summary>
    public List<Message> Outbox { get; } = [];

    /// <summary>Answers to ReadIndex requests, handed out with the next Ready.</summary>
    public List<ReadState> ReadStates { get; } = [];

    public HardState HardState => new(Term, Vote, Log.Committed);

    public SoftState SoftState => new(Leader, Role);

    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTicks;

    // Ticks left in which this replica refuses votes after a restart: it cannot know whether a leader holds
    // a lease that it acknowledged before the crash, so it behaves as if it had just heard from one.
    private int startupQuietTicks;

    // See RaftConfig.Rejoining: cleared once the log has caught up with a leader's commit index.
    private bool rejoining;

    public bool IsRejoining => rejoining;

    /// <summary>Whether this replica may become leader: a voter in the current configuration, not rejoining.</summary>
    public bool Promotable => !rejoining && Tracker.Progress.TryGetValue(Id, out var progress) && !progress.IsLearner;

    private void LoadHardState(HardState state)
    {
        Log.RestoreCommitted(state.Commit);
        Term = state.Term;
        Vote = state.Vote;
    }

    /// <summary>
    /// One step of the logical clock, after <paramref name="elapsedTicks"/> tick intervals of real time (more
    /// than one after a stall of the host). The leader's lease clock counts all of them, so a stall can only
    /// shorten a lease. Every other timer advances by one: a follower that under-counts time only refuses
    /// votes and waits to campaign for longer (the safe side of the lease), and a stalled node does not wake
    /// up into a burst of elections, heartbeats and check-quorum step-downs.
    /// </summary>
    public void Tick(int elapsedTicks)
    {
        Invariant.Assert(elapsedTicks >= 1, "a tick covers at least one tick interval");
        if (startupQuietTicks > 0)
        {
            startupQuietTicks--;
        }

        if (Role == StateRole.Leader && !quiesced)
        {
            // TickHeartbeat adds the last one.
            leaderTicks += elapsedTicks - 1;
        }

        tick();
    }

    /// <summary>Queues a message, stamping group and sender; responses to votes carry their own term.</summary>
    private void Send(Message message)
    {
        var term = message.Type is MessageType.Prop or MessageType.ReadIndex ? 0
            : message.Type is MessageType.Vote or MessageType.PreVote or MessageType.VoteResp or MessageType.PreVoteResp ? message.Term
            : Term;
        Invariant.Assert(message.Type is not (MessageType.Vote or MessageType.PreVote) || message.Term != 0, "vote without a term");
        Outbox.Add(message with { GroupId = GroupId, From = Id, Term = term });
    }

    private void ResetRandomizedElectionTimeout() =>
        randomizedElectionTicks = config.ElectionTicks + random.Next(config.ElectionTicks);

    private bool PastElectionTimeout => electionElapsed >= randomizedElectionTicks;

    private void Reset(ulong term)
    {
        if (Term != term)
        {
            Term = term;
            Vote = None;
        }

        Leader = None;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        ResetRandomizedElectionTimeout();
        AbortLeaderTransfer();
        Tracker.ResetVotes();
        foreach (var (id, progress) in Tracker.Progress)
        {
            var isLearner = progress.IsLearner;
            Tracker.Progress[id] = new Progress(Log.LastIndex + 1, Tracker.NewInflights(), isLearner)
            {
                Match = id == Id ? Log.LastIndex : 0,
            };
        }

        pendingConfIndex = 0;
        uncommittedBytes = 0;
        leaderCommitReported = 0;
        reads.Clear();
        ResetLease();
        WakeInternal();
    }

    public void BecomeFollower(ulong term, ulong leader)
    {
        stepByRole = StepFollower;
        Reset(term);
        tick = TickElection;
        Leader = leader;
        Role = StateRole.Follower;
    }

    private void BecomePreCandidate()
    {
        Invariant.Assert(Role != StateRole.Leader, "a leader cannot become a pre-candidate");
        // A pre-candidate keeps its term and vote: asking whether it could win must not disturb anyone.
        stepByRole = StepCandidate;
        Tracker.ResetVotes();
        tick = TickElection;
        Leader = None;
        Role = StateRole.PreCandidate;
    }

    private void BecomeCandidate()
    {
        Invariant.Assert(Role != StateRole.Leader, "a leader cannot become a candidate");
        stepByRole = StepCandidate;
        Reset(Term + 1);
        tick = TickElection;
        Vote = Id;
        Role = StateRole.Candidate;
    }

    private void BecomeLeader()
    {
        Invariant.Assert(Role != StateRole.Follower, "a follower must campaign before it leads");
        stepByRole = StepLeader;
        Reset(Term);
        tick = TickHeartbeat;
        Leader = Id;
        Role = StateRole.Leader;
        Tracker.Progress[Id].BecomeReplicate();
        Tracker.Progress[Id].RecentActive = true;

        // Conservatively treat every uncommitted entry as a possible conf change, so a new one waits
        // until the log below is applied.
        pendingConfIndex = Log.LastIndex;

        // The empty entry commits this term's first index, which also commits everything before it (§5.4.2).
        var appended = AppendEntries([new Entry(0, 0, EntryType.Normal, default)]);
        Invariant.Assert(appended, "the leader's no-op entry must always fit");
    }

    /// <summary>
    /// The entry point for every message. Term rules shared by all roles run here (§5.1), then the
    /// message goes to the role's step function.
    /// </summary>
    public void Step(Message message)
    {
        WakeOnMessage(message);
        if (message.Type is (MessageType.VoteResp or MessageType.PreVoteResp) && message.Reject && message.Index != 0)
        {
            // Before the term rules: what it says is committed is true in any term.
            LearnCommitFromVoteRejection(message);
        }

        if (message.Term > Term)
        {
            if (!StepHigherTerm(message))
            {
                return;
            }
        }
        else if (message.Term < Term && message.Term != 0)
        {
            StepLowerTerm(message);
            return;
        }

        switch (message.Type)
        {
            case MessageType.Hup:
                Hup(transfer: false);
                break;
            case MessageType.Vote or MessageType.PreVote:
                HandleVoteRequest(message);
                break;
            default:
                stepByRole(message);
                break;
        }
    }
}
