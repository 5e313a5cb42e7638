namespace EntityPlatform.Harness.Checking;

/// <summary>What <see cref="StalenessChecker"/> found: how many bounded-staleness reads it judged, and the stale ones.</summary>
public sealed record StalenessResult(int ReadsChecked, IReadOnlyList<StaleRead> Violations)
{
    public bool Ok => Violations.Count == 0;
}
