namespace EntityPlatform.Harness.Nemesis;

/// <summary>
/// A fault every <see cref="Interval"/> after <see cref="FirstAt"/>, each held for <see cref="Hold"/>, cycling through <see cref="Kinds"/>.
/// <see cref="IdleBefore"/> (when positive) holds the load back that long before every fault; with
/// <see cref="QuiesceBeforeEachFault"/> at least long enough for the system's groups to quiesce, so every fault hits
/// a quiesced cluster (<see cref="FaultKind.KillQuiescedLeader"/> always waits that long). <see cref="LeaseProbes"/> lease reads are sent straight to a paused or
/// cut-off leader around its heal (the pause nemesis aimed at lease holders).
/// </summary>
public sealed record NemesisOptions(IReadOnlyList<FaultKind> Kinds, TimeSpan FirstAt, TimeSpan Interval, TimeSpan Hold, int MaxFaults, int Seed,
    TimeSpan IdleBefore = default, int LeaseProbes = 0, bool QuiesceBeforeEachFault = false);
