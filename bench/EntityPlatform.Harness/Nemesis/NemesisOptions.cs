namespace EntityPlatform.Harness.Nemesis;

/// <summary>A fault every <see cref="Interval"/> after <see cref="FirstAt"/>, each held for <see cref="Hold"/>, cycling through <see cref="Kinds"/>.</summary>
public sealed record NemesisOptions(IReadOnlyList<FaultKind> Kinds, TimeSpan FirstAt, TimeSpan Interval, TimeSpan Hold, int MaxFaults, int Seed);
