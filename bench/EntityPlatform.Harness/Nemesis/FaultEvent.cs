namespace EntityPlatform.Harness.Nemesis;

/// <summary>
/// One injected fault: when it began and healed (recorder microseconds), whom it hit, and which keys lost
/// their leader through it (for the downtime measure).
/// </summary>
public sealed record FaultEvent(FaultKind Kind, int Member, long StartMicros, long HealMicros, Func<string, bool> Affects)
{
    public string Describe() => $"{Kind} of member {Member} at {StartMicros / 1e6:F1} s (healed at {HealMicros / 1e6:F1} s)";
}
