namespace EntityPlatform.Consensus.Messages;

/// <summary>How a change that needs joint consensus enters and leaves the joint configuration.</summary>
public enum ConfChangeTransition : byte
{
    /// <summary>Use a simple change when it is safe (one voter changes), else joint consensus with automatic leave.</summary>
    Auto = 0,

    /// <summary>Always go through joint consensus and leave it automatically once the entry commits.</summary>
    JointImplicit = 1,

    /// <summary>Go through joint consensus and stay until the application proposes an empty change (leave joint).</summary>
    JointExplicit = 2,
}
