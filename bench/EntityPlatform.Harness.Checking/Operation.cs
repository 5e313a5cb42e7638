namespace EntityPlatform.Harness.Checking;

/// <summary>
/// One recorded client operation. Times are in any monotonic unit shared by the whole history (the harness
/// uses microseconds since the run started). <see cref="Value"/> is the written value, the increment, or the
/// value a read returned.
/// </summary>
public sealed record Operation(long Id, string Key, OpKind Kind, long Value, long InvokeTime, long CompleteTime, OpOutcome Outcome)
{
    /// <summary>An indeterminate operation never constrains others: it is treated as completing at infinity.</summary>
    public long EffectiveCompleteTime => Outcome == OpOutcome.Indeterminate ? long.MaxValue : CompleteTime;

    public override string ToString() =>
        $"#{Id} {Key} {Kind}({Value}) [{InvokeTime}, {(Outcome == OpOutcome.Indeterminate ? "?" : CompleteTime.ToString())}] {Outcome}";
}
