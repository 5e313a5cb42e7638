namespace EntityPlatform.Consensus.Quorum;

/// <summary>The outcome of counting votes against a quorum configuration.</summary>
public enum VoteResult
{
    /// <summary>Neither a quorum of yes nor a quorum of no has been reached yet.</summary>
    Pending,

    /// <summary>Enough voters said no that a quorum of yes can no longer be reached.</summary>
    Lost,

    /// <summary>A quorum of voters said yes.</summary>
    Won,
}
