namespace EntityPlatform.Harness.Checking;

/// <summary>
/// The promise a read was made under, which decides the checker that judges it: linearizable and lease reads
/// must be linearizable (<see cref="LinearizabilityChecker"/>); a bounded-staleness read must not be older
/// than the state committed its bound before it was invoked (<see cref="StalenessChecker"/>).
/// </summary>
public enum ReadConsistency
{
    Linearizable,
    Lease,
    BoundedStaleness,
}
