namespace EntityPlatform.Consensus.Messages;

/// <summary>The role a replica plays in its group.</summary>
public enum StateRole : byte
{
    Follower = 0,
    PreCandidate = 1,
    Candidate = 2,
    Leader = 3,
}
