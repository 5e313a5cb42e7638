namespace EntityPlatform.Consensus.Quorum;

/// <summary>
/// A read-only view of yes/no votes by voter id. It lets callers count something other than a vote
/// dictionary (for example "was this follower recently active") without building a dictionary per call.
/// </summary>
public interface IVoteSource
{
    /// <summary>False when the voter has not voted; otherwise <paramref name="granted"/> is its vote.</summary>
    bool TryGetVote(ulong voterId, out bool granted);
}
