namespace EntityPlatform.Harness.Checking;

/// <summary>The verdict for a whole history: the worst of its keys (NotLinearizable over Unknown over Linearizable).</summary>
public sealed record CheckResult(Verdict Verdict, IReadOnlyList<KeyResult> Keys)
{
    public IEnumerable<KeyResult> Violations => Keys.Where(key => key.Verdict == Verdict.NotLinearizable);

    public IEnumerable<KeyResult> Undecided => Keys.Where(key => key.Verdict == Verdict.Unknown);

    /// <summary>
    /// Only a proof passes: an <see cref="Verdict.Unknown"/> verdict (the search ran out of budget) may hide a
    /// violation, so a run that gets one fails like a violation does, naming the undecided keys.
    /// </summary>
    public bool Passed => Verdict == Verdict.Linearizable;
}
