namespace EntityPlatform.Operator.Api;

/// <summary>The default read consistency; serialized camelCase ("boundedStaleness").</summary>
public enum ReadMode
{
    /// <summary>ReadIndex: a round of heartbeats confirms leadership before the read.</summary>
    Linearizable,

    /// <summary>The leader serves reads while its lease holds, without a round trip.</summary>
    Lease,

    /// <summary>Followers serve reads that may lag the leader by a bounded amount.</summary>
    BoundedStaleness,
}
