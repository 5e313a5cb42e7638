using System.Text;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Tracking;

/// <summary>
/// The membership a leader tracks: voters (joint during a change), learners, and learners-to-be.
/// Invariants (checked where configurations are built): learners are in neither voter half; every id in
/// <see cref="LearnersNext"/> is an outgoing voter; outside a joint configuration LearnersNext is empty
/// and <see cref="AutoLeave"/> is false.
/// </summary>
/// <param name="Voters">The voters; the outgoing half is empty unless a change is in progress.</param>
/// <param name="Learners">Non-voting members that receive the log, ascending.</param>
/// <param name="LearnersNext">
/// Voters being demoted. A demoted voter may still be an outgoing voter, and a member is never voter and
/// learner at once, so it waits here and becomes a learner when the joint configuration is left.
/// </param>
/// <param name="AutoLeave">True when the leader should leave the joint configuration by itself.</param>
public sealed record TrackerConfig(
    JointConfig Voters,
    IReadOnlyList<ulong> Learners,
    IReadOnlyList<ulong> LearnersNext,
    bool AutoLeave)
{
    public static TrackerConfig Empty { get; } = new(JointConfig.Empty, [], [], AutoLeave: false);

    /// <summary>Learner ids, ascending and unique (normalised on construction).</summary>
    public IReadOnlyList<ulong> Learners { get; init => field = SortedIds.ReadOnly(value); } = SortedIds.ReadOnly(Learners);

    /// <summary>Staged learner ids, ascending and unique (normalised on construction).</summary>
    public IReadOnlyList<ulong> LearnersNext { get; init => field = SortedIds.ReadOnly(value); } = SortedIds.ReadOnly(LearnersNext);

    public bool IsJoint => Voters.IsJoint;

    public bool IsLearner(ulong id) => SortedIds.Contains(Learners, id);

    /// <summary>The membership in its persisted form.</summary>
    public ConfState ToConfState() => new(
        Voters.Incoming.ToArray(),
        [.. Learners],
        Voters.Outgoing.ToArray(),
        [.. LearnersNext],
        AutoLeave);

    public bool Equals(TrackerConfig? other) =>
        other is not null &&
        Voters.Equals(other.Voters) &&
        Learners.SequenceEqual(other.Learners) &&
        LearnersNext.SequenceEqual(other.LearnersNext) &&
        AutoLeave == other.AutoLeave;

    public override int GetHashCode() => HashCode.Combine(Voters, Learners.Count, LearnersNext.Count, AutoLeave);

    /// <summary>Canonical text form: <c>voters=(1 2 3)&amp;&amp;(1 2) learners=(4) learners_next=(3) autoleave</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("voters=").Append(Voters);
        if (Learners.Count > 0)
        {
            text.Append(" learners=").Append(TextForm.Ids(Learners));
        }

        if (LearnersNext.Count > 0)
        {
            text.Append(" learners_next=").Append(TextForm.Ids(LearnersNext));
        }

        if (AutoLeave)
        {
            text.Append(" autoleave");
        }

        return text.ToString();
    }
}
