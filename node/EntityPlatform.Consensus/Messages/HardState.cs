namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// The part of a replica's state that must survive a crash: the current term, whom it voted for in that
/// term, and the highest index it knows to be committed. Persisting it before sending the messages of the
/// same Ready is what stops a replica from voting twice in one term after a restart.
/// </summary>
public readonly record struct HardState(ulong Term, ulong Vote, ulong Commit)
{
    public static readonly HardState Empty = default;

    public bool IsEmpty => this == Empty;

    public override string ToString() => $"Term:{Term} Vote:{Vote} Commit:{Commit}";
}
