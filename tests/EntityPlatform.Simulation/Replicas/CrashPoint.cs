namespace EntityPlatform.Simulation.Replicas;

/// <summary>Where, inside the handling of one Ready, a replica's process dies.</summary>
public enum CrashPoint
{
    None,

    /// <summary>Nothing of the Ready reached the disk.</summary>
    BeforePersist,

    /// <summary>The snapshot and a prefix of the entries reached the disk, the hard state did not.</summary>
    TornPersist,

    /// <summary>Everything was persisted; no message left.</summary>
    AfterPersist,

    /// <summary>Messages left; nothing was applied.</summary>
    AfterSend,

    /// <summary>Everything was done except Advance.</summary>
    AfterApply,
}
