namespace EntityPlatform.Harness.Checking;

/// <summary>
/// One recorded client operation. Times are in any monotonic unit shared by the whole history (the harness
/// uses microseconds since the run started). <see cref="Value"/> is the written value, the increment, or the
/// value a read returned. A read carries the <see cref="Consistency"/> it asked for and, for a
/// bounded-staleness read, its bound <see cref="MaxStaleness"/> in the history's time unit. <see cref="SentTo"/> is the
/// member an op was sent to directly, bypassing the client's routing (a lease probe), or 0.
/// </summary>
public sealed record Operation(long Id, string Key, OpKind Kind, long Value, long InvokeTime, long CompleteTime, OpOutcome Outcome,
    ReadConsistency Consistency = ReadConsistency.Linearizable, long MaxStaleness = 0, int SentTo = 0)
{
    /// <summary>An indeterminate operation never constrains others: it is treated as completing at infinity.</summary>
    public long EffectiveCompleteTime => Outcome == OpOutcome.Indeterminate ? long.MaxValue : CompleteTime;

    /// <summary>Whether this op is promised linearizable: every write, and reads other than bounded-staleness ones.</summary>
    public bool PromisedLinearizable => Kind != OpKind.Read || Consistency != ReadConsistency.BoundedStaleness;

    public override string ToString() =>
        $"#{Id} {Key} {Kind}{ReadSuffix}({Value}) [{InvokeTime}, {(Outcome == OpOutcome.Indeterminate ? "?" : CompleteTime.ToString())}] {Outcome}" +
        (SentTo != 0 ? $" sent to member {SentTo}" : "");

    private string ReadSuffix => Kind != OpKind.Read || Consistency == ReadConsistency.Linearizable ? ""
        : Consistency == ReadConsistency.Lease ? "/lease" : $"/bounded≤{MaxStaleness}";
}
