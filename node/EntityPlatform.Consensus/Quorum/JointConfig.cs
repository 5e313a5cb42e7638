using System.Collections.ObjectModel;

namespace EntityPlatform.Consensus.Quorum;

/// <summary>
/// Two majority configurations that must both agree: the incoming one (the configuration being moved to)
/// and the outgoing one (the configuration being left). Outside a membership change the outgoing half is
/// empty and the joint configuration behaves exactly like its incoming half, because an empty majority
/// wins every vote and commits everything.
/// </summary>
public sealed class JointConfig : IEquatable<JointConfig>
{
    // Invariant: the ascending union of both halves' ids.
    private readonly ulong[] allIds;
    private readonly ReadOnlyCollection<ulong> readOnlyIds;

    public JointConfig(MajorityConfig incoming, MajorityConfig? outgoing = null)
    {
        Incoming = incoming;
        Outgoing = outgoing ?? MajorityConfig.Empty;
        allIds = SortedIds.Union(Incoming.IdSpan.ToArray(), Outgoing.IdSpan.ToArray());
        readOnlyIds = SortedIds.Wrap(allIds);
    }

    public static JointConfig Empty { get; } = new(MajorityConfig.Empty);

    /// <summary>The configuration being moved to; the only one outside a membership change.</summary>
    public MajorityConfig Incoming { get; }

    /// <summary>The configuration being left; empty unless <see cref="IsJoint"/>.</summary>
    public MajorityConfig Outgoing { get; }

    public bool IsJoint => Outgoing.Count > 0;

    /// <summary>Every voter of either half, ascending and unique.</summary>
    public IReadOnlyList<ulong> Ids => readOnlyIds;

    public bool Contains(ulong id) => Incoming.Contains(id) || Outgoing.Contains(id);

    /// <summary>An index is committed jointly only when it is committed in both halves.</summary>
    public ulong CommittedIndex(IAckedIndexer acked) =>
        Math.Min(Incoming.CommittedIndex(acked), Outgoing.CommittedIndex(acked));

    /// <summary>Both halves must win; if either has lost, the whole vote is lost.</summary>
    public VoteResult GetVoteResult(IReadOnlyDictionary<ulong, bool> votes) =>
        Combine(Incoming.GetVoteResult(votes), Outgoing.GetVoteResult(votes));

    /// <inheritdoc cref="GetVoteResult(IReadOnlyDictionary{ulong, bool})"/>
    public VoteResult GetVoteResult(IVoteSource votes) =>
        Combine(Incoming.GetVoteResult(votes), Outgoing.GetVoteResult(votes));

    /// <summary>The acknowledgement picture of all voters of both halves together.</summary>
    public string Describe(IAckedIndexer acked) => new MajorityConfig(allIds).Describe(acked);

    public bool Equals(JointConfig? other) =>
        other is not null && Incoming.Equals(other.Incoming) && Outgoing.Equals(other.Outgoing);

    public override bool Equals(object? obj) => Equals(obj as JointConfig);

    public override int GetHashCode() => HashCode.Combine(Incoming, Outgoing);

    /// <summary>Canonical text form: <c>(1 2 3)</c>, or <c>(1 2 3)&amp;&amp;(1 2)</c> when joint.</summary>
    public override string ToString() => IsJoint ? $"{Incoming}&&{Outgoing}" : Incoming.ToString();

    private static VoteResult Combine(VoteResult incoming, VoteResult outgoing)
    {
        if (incoming == outgoing)
        {
            return incoming;
        }

        // Halves disagree: a loss on either side cannot be undone, otherwise one side is still open.
        return incoming == VoteResult.Lost || outgoing == VoteResult.Lost ? VoteResult.Lost : VoteResult.Pending;
    }
}
