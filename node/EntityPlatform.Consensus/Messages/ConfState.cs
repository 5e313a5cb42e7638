namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// A group's membership as stored with snapshots and applied configuration changes.
/// In a joint configuration <see cref="VotersOutgoing"/> is non-empty and decisions need a majority of
/// both voter sets. <see cref="LearnersNext"/> holds voters being demoted to learners: they stay voters in
/// the outgoing set until the joint configuration is left.
/// Invariants: every id list is sorted ascending with no duplicates; Learners and Voters are disjoint;
/// Learners and VotersOutgoing are disjoint; every id in LearnersNext is in VotersOutgoing.
/// </summary>
public sealed class ConfState : IEquatable<ConfState>
{
    public static readonly ConfState Empty = new([], [], [], [], autoLeave: false);

    public ConfState(ulong[] voters, ulong[] learners, ulong[] votersOutgoing, ulong[] learnersNext, bool autoLeave)
    {
        Voters = Sorted(voters);
        Learners = Sorted(learners);
        VotersOutgoing = Sorted(votersOutgoing);
        LearnersNext = Sorted(learnersNext);
        AutoLeave = autoLeave;
    }

    /// <summary>A simple configuration with these voters and no learners.</summary>
    public static ConfState OfVoters(params ulong[] voters) => new(voters, [], [], [], autoLeave: false);

    public IReadOnlyList<ulong> Voters { get; }
    public IReadOnlyList<ulong> Learners { get; }
    public IReadOnlyList<ulong> VotersOutgoing { get; }
    public IReadOnlyList<ulong> LearnersNext { get; }

    /// <summary>True when the group should leave the joint configuration by itself once it commits.</summary>
    public bool AutoLeave { get; }

    public bool IsJoint => VotersOutgoing.Count > 0;

    /// <summary>Every member id, voters and learners of both halves, ascending and unique.</summary>
    public IEnumerable<ulong> AllMembers =>
        Voters.Concat(Learners).Concat(VotersOutgoing).Concat(LearnersNext).Distinct().Order();

    public bool Equals(ConfState? other) =>
        other is not null &&
        Voters.SequenceEqual(other.Voters) &&
        Learners.SequenceEqual(other.Learners) &&
        VotersOutgoing.SequenceEqual(other.VotersOutgoing) &&
        LearnersNext.SequenceEqual(other.LearnersNext) &&
        AutoLeave == other.AutoLeave;

    public override bool Equals(object? obj) => Equals(obj as ConfState);

    public override int GetHashCode() => HashCode.Combine(Voters.Count, Learners.Count, VotersOutgoing.Count, AutoLeave);

    /// <summary>Canonical text form: <c>voters=(1 2 3)&amp;&amp;(1 2) learners=(4) learners_next=(3) autoleave</c>.</summary>
    public override string ToString()
    {
        var text = "voters=" + TextForm.Ids(Voters);
        if (IsJoint)
        {
            text += "&&" + TextForm.Ids(VotersOutgoing);
        }

        if (Learners.Count > 0)
        {
            text += " learners=" + TextForm.Ids(Learners);
        }

        if (LearnersNext.Count > 0)
        {
            text += " learners_next=" + TextForm.Ids(LearnersNext);
        }

        return AutoLeave ? text + " autoleave" : text;
    }

    private static ulong[] Sorted(ulong[] ids)
    {
        var copy = ids.Distinct().ToArray();
        Array.Sort(copy);
        return copy;
    }
}
