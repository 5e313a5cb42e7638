namespace EntityPlatform.Storage.Recovery;

/// <summary>
/// What opening the log found: sizes, the last commit (LSN, batch and durable end address from its cookie), the
/// discarded tail, damage, and how long it took.
/// </summary>
public sealed record RecoveryReport(
    int Groups,
    long Records,
    long Entries,
    ulong LastLsn,
    ulong DurableBatchSeq,
    long DurableEndAddress,
    long DiscardedTailAddress,
    string? DiscardedTailReason,
    IReadOnlyList<Damage> Damage,
    double ElapsedMs)
{
    public override string ToString() =>
        $"groups={Groups} records={Records} entries={Entries} lastLsn={LastLsn} batch={DurableBatchSeq} durableEnd={DurableEndAddress} " +
        $"tail={(DiscardedTailReason is null ? "clean" : $"discarded from {DiscardedTailAddress} ({DiscardedTailReason})")} " +
        $"damage={Damage.Count} elapsedMs={ElapsedMs:F1}";
}
