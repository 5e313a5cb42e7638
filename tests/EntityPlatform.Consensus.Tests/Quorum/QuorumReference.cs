namespace EntityPlatform.Consensus.Tests.Quorum;

/// <summary>
/// Deliberately naive quorum rules that the real code is compared against: try every candidate and count.
/// </summary>
internal static class QuorumReference
{
    /// <summary>The largest index that, in every non-empty half, a majority has acknowledged.</summary>
    public static ulong CommittedIndex(IReadOnlyList<ulong[]> halves, Dictionary<ulong, ulong> acked)
    {
        if (halves.All(half => half.Length == 0))
        {
            return ulong.MaxValue;
        }

        var candidates = acked.Values.Append(0UL).Distinct();
        var best = 0UL;
        foreach (var candidate in candidates)
        {
            var everyHalfAgrees = halves.All(half =>
                half.Length == 0 || half.Count(id => acked.GetValueOrDefault(id) >= candidate) > half.Length / 2);
            if (everyHalfAgrees && candidate > best)
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>
    /// Tries every way the missing voters could still vote: won if every way wins all halves, lost if no
    /// way does, pending otherwise.
    /// </summary>
    public static EntityPlatform.Consensus.Quorum.VoteResult VoteResult(IReadOnlyList<ulong[]> halves, Dictionary<ulong, bool> votes)
    {
        var missing = halves.SelectMany(half => half).Distinct().Where(id => !votes.ContainsKey(id)).ToArray();
        int wins = 0, losses = 0;
        for (var mask = 0; mask < 1 << missing.Length; mask++)
        {
            var completed = new Dictionary<ulong, bool>(votes);
            for (var bit = 0; bit < missing.Length; bit++)
            {
                completed[missing[bit]] = (mask & (1 << bit)) != 0;
            }

            var won = halves.All(half => half.Length == 0 || half.Count(id => completed[id]) > half.Length / 2);
            if (won)
            {
                wins++;
            }
            else
            {
                losses++;
            }
        }

        return losses == 0 ? EntityPlatform.Consensus.Quorum.VoteResult.Won
            : wins == 0 ? EntityPlatform.Consensus.Quorum.VoteResult.Lost
            : EntityPlatform.Consensus.Quorum.VoteResult.Pending;
    }
}
