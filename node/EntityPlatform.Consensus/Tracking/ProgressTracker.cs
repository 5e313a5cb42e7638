using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Tracking;

/// <summary>
/// The leader's (or candidate's) view of the group: the active configuration, each member's progress,
/// and the votes of the current election. It answers the quorum questions Raft asks: what is committed,
/// is a quorum still active, has the election been won.
/// </summary>
public sealed class ProgressTracker
{
    // A dictionary is fine here: votes are only looked up by id, never walked in an order that matters.
    private readonly Dictionary<ulong, bool> votes = [];
    private readonly RecentActivity recentActivity;

    public ProgressTracker(int maxInflightCount, ulong maxInflightBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInflightCount, 1);
        MaxInflightCount = maxInflightCount;
        MaxInflightBytes = maxInflightBytes;
        recentActivity = new RecentActivity(this);
    }

    /// <summary>The inflight window size, in appends, given to every new member's progress.</summary>
    public int MaxInflightCount { get; }

    /// <summary>The inflight window size, in payload bytes (0 = unlimited), given to every new member.</summary>
    public ulong MaxInflightBytes { get; }

    public TrackerConfig Config { get; private set; } = TrackerConfig.Empty;

    /// <summary>
    /// Progress per member. <see cref="Apply"/> replaces the whole map (membership code works on a copy),
    /// so do not keep references to a member's progress across a configuration change.
    /// </summary>
    public ProgressMap Progress { get; private set; } = new();

    /// <summary>The votes recorded since the last <see cref="ResetVotes"/>.</summary>
    public IReadOnlyDictionary<ulong, bool> Votes => votes;

    public ConfState ToConfState() => Config.ToConfState();

    /// <summary>True when this group has exactly one voter (necessarily the local node when it leads).</summary>
    public bool IsSingleton() => Config.Voters.Incoming.Count == 1 && !Config.Voters.IsJoint;

    /// <summary>The largest index that the voters have jointly acknowledged (their <see cref="Progress.Match"/>).</summary>
    public ulong Committed() => Config.Voters.CommittedIndex(Progress);

    /// <summary>
    /// True when the voters marked <see cref="Progress.RecentActive"/> form a quorum (of both halves when
    /// joint). The leader marks its own progress active before asking.
    /// </summary>
    public bool QuorumActive() => Config.Voters.GetVoteResult(recentActivity) == VoteResult.Won;

    /// <summary>Voters of both halves, ascending.</summary>
    public IReadOnlyList<ulong> VoterIds() => Config.Voters.Ids;

    /// <summary>Learners, ascending (staged learners are still voters and are not included).</summary>
    public IReadOnlyList<ulong> LearnerIds() => Config.Learners;

    public void ResetVotes() => votes.Clear();

    /// <summary>Records a vote; a later vote from the same id (a duplicate or a changed mind) is ignored.</summary>
    public void RecordVote(ulong id, bool granted) => votes.TryAdd(id, granted);

    /// <summary>
    /// Counts granted and rejected votes from current voters (for logs; votes from non-members are not
    /// counted) and the election result under the joint quorum rules.
    /// </summary>
    public (int Granted, int Rejected, VoteResult Result) TallyVotes()
    {
        int granted = 0, rejected = 0;
        foreach (var (id, progress) in Progress)
        {
            if (progress.IsLearner || !votes.TryGetValue(id, out var vote))
            {
                continue;
            }

            if (vote)
            {
                granted++;
            }
            else
            {
                rejected++;
            }
        }

        return (granted, rejected, Config.Voters.GetVoteResult(votes));
    }

    /// <summary>Switches to a configuration and progress map produced by the membership code.</summary>
    public void Apply(TrackerConfig config, ProgressMap progress)
    {
        TrackerInvariants.AssertConsistent(config, progress);
        Config = config;
        Progress = progress;
    }

    /// <summary>A fresh, empty inflight window with this tracker's limits.</summary>
    public Inflights NewInflights() => new(MaxInflightCount, MaxInflightBytes);

    // Presents "was this voter recently active" as a vote, so check-quorum reuses the vote-counting rules
    // without building a dictionary on every election timeout.
    private sealed class RecentActivity(ProgressTracker tracker) : IVoteSource
    {
        public bool TryGetVote(ulong voterId, out bool granted)
        {
            granted = tracker.Progress.TryGetValue(voterId, out var progress) && progress.RecentActive;
            return true;
        }
    }
}
