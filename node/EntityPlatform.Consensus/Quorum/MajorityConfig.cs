using System.Buffers;
using System.Collections.ObjectModel;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Quorum;

/// <summary>
/// An immutable set of voter ids that decides by simple majority (more than half of the voters).
/// Ids are kept sorted ascending so that every walk over the voters is deterministic.
/// </summary>
public sealed partial class MajorityConfig : IEquatable<MajorityConfig>
{
    // Commit computation sorts one index per voter. Groups are small (3 or 5 replicas), so the buffer
    // lives on the stack; larger groups rent from the pool instead of risking a deep stack.
    private const int StackBufferVoters = 32;

    // Invariant: ascending, no duplicates, never mutated after construction.
    private readonly ulong[] ids;
    private readonly ReadOnlyCollection<ulong> readOnlyIds;

    public MajorityConfig(IEnumerable<ulong> ids)
        : this(SortedIds.From(ids))
    {
    }

    private MajorityConfig(ulong[] sortedUniqueIds)
    {
        ids = sortedUniqueIds;
        readOnlyIds = SortedIds.Wrap(sortedUniqueIds);
    }

    public static MajorityConfig Empty { get; } = new(Array.Empty<ulong>());

    public int Count => ids.Length;

    /// <summary>The voter ids, ascending.</summary>
    public IReadOnlyList<ulong> Ids => readOnlyIds;

    /// <summary>The voter ids as a span, for allocation-free walks inside the core.</summary>
    internal ReadOnlySpan<ulong> IdSpan => ids;

    public bool Contains(ulong id) => Array.BinarySearch(ids, id) >= 0;

    /// <summary>
    /// The highest log index that a majority of voters has acknowledged. A voter the indexer knows
    /// nothing about counts as having acknowledged index 0. An empty configuration returns
    /// <see cref="ulong.MaxValue"/>, so that in a joint configuration an empty half never holds back
    /// the other half's result (the joint index is the minimum of both).
    /// </summary>
    public ulong CommittedIndex(IAckedIndexer acked)
    {
        var voterCount = ids.Length;
        if (voterCount == 0)
        {
            return ulong.MaxValue;
        }

        ulong[]? rented = null;
        var indexes = voterCount <= StackBufferVoters
            ? stackalloc ulong[StackBufferVoters]
            : (rented = ArrayPool<ulong>.Shared.Rent(voterCount));
        indexes = indexes[..voterCount];

        for (var i = 0; i < voterCount; i++)
        {
            indexes[i] = acked.TryGetAckedIndex(ids[i], out var index) ? index : 0;
        }

        indexes.Sort();

        // After an ascending sort, the entry quorum-many places from the end is the largest index that
        // at least a quorum of voters has reached.
        var committed = indexes[voterCount - Quorum(voterCount)];
        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }

        return committed;
    }

    /// <summary>
    /// Counts the votes of this configuration's voters; votes from other ids are ignored. An empty
    /// configuration wins by convention, so a joint configuration with an empty half behaves like the
    /// other half alone.
    /// </summary>
    public VoteResult GetVoteResult(IReadOnlyDictionary<ulong, bool> votes)
    {
        if (ids.Length == 0)
        {
            return VoteResult.Won;
        }

        int granted = 0, missing = 0;
        foreach (var id in ids)
        {
            if (!votes.TryGetValue(id, out var vote))
            {
                missing++;
            }
            else if (vote)
            {
                granted++;
            }
        }

        return Decide(granted, missing);
    }

    /// <inheritdoc cref="GetVoteResult(IReadOnlyDictionary{ulong, bool})"/>
    public VoteResult GetVoteResult(IVoteSource votes)
    {
        if (ids.Length == 0)
        {
            return VoteResult.Won;
        }

        int granted = 0, missing = 0;
        foreach (var id in ids)
        {
            if (!votes.TryGetVote(id, out var vote))
            {
                missing++;
            }
            else if (vote)
            {
                granted++;
            }
        }

        return Decide(granted, missing);
    }

    /// <summary>How many voters make a majority of <paramref name="voterCount"/>.</summary>
    public static int Quorum(int voterCount) => (voterCount / 2) + 1;

    internal ulong[] ToArray() => (ulong[])ids.Clone();

    public bool Equals(MajorityConfig? other) =>
        other is not null && ids.AsSpan().SequenceEqual(other.ids);

    public override bool Equals(object? obj) => Equals(obj as MajorityConfig);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in ids)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    /// <summary>Canonical text form: <c>(1 2 3)</c>.</summary>
    public override string ToString() => TextForm.Ids(ids);

    private VoteResult Decide(int granted, int missing)
    {
        var quorum = Quorum(ids.Length);
        if (granted >= quorum)
        {
            return VoteResult.Won;
        }

        // Still pending while the voters that have not answered could yet make up a quorum of yes.
        return granted + missing >= quorum ? VoteResult.Pending : VoteResult.Lost;
    }
}
