namespace EntityPlatform.Storage.Events;

/// <summary>The outcome of reading a replica's event log from an offset.</summary>
public enum EventReadStatus
{
    /// <summary>Events from the offset were returned (possibly none yet: the offset is past the head).</summary>
    Ok,

    /// <summary>The offset is below what retention kept (<see cref="EventLogStart.Retention"/>).</summary>
    BehindRetention,

    /// <summary>The offset is below this replica's first event because it started from a snapshot.</summary>
    NotOnReplica,
}
