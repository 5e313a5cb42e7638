namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// The outcome of a proposal. For <see cref="ProposeStatus.Appended"/>, the entry sits at (Index, Term):
/// it is the caller's entry only if the entry applied at Index has that Term, since a new leader may
/// overwrite an uncommitted entry.
/// </summary>
public readonly record struct ProposeResult(ProposeStatus Status, ulong Index, ulong Term, ulong LeaderHint, string? Error)
{
    public bool IsAppended => Status == ProposeStatus.Appended;

    public static ProposeResult Appended(ulong index, ulong term) => new(ProposeStatus.Appended, index, term, 0, null);

    public static ProposeResult Refused(ProposeStatus status, ulong leaderHint, string? error = null) =>
        new(status, 0, 0, leaderHint, error);

    public override string ToString() => Status switch
    {
        ProposeStatus.Appended => $"appended {Term}/{Index}",
        ProposeStatus.Rejected => $"rejected: {Error}",
        ProposeStatus.NotLeader => $"NotLeader (leader {LeaderHint})",
        _ => Status.ToString(),
    };
}
