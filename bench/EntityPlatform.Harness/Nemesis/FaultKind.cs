namespace EntityPlatform.Harness.Nemesis;

public enum FaultKind
{
    /// <summary>SIGKILL the leader of the group holding key k0, restart it after the hold.</summary>
    KillLeader,

    /// <summary>SIGKILL a random member, restart it after the hold.</summary>
    KillRandom,

    /// <summary>SIGSTOP the leader for the hold, then SIGCONT.</summary>
    PauseLeader,

    /// <summary>SIGKILL the leader, wipe its data directory, restart it with --rejoin.</summary>
    WipeRestartLeader,
}
