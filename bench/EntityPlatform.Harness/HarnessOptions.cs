using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Nemesis;

namespace EntityPlatform.Harness;

/// <summary>One run's settings, shared by both systems so they get the same load and the same faults.</summary>
public sealed record HarnessOptions(LoadOptions Load, NemesisOptions Nemesis, TimeSpan SettleTimeout)
{
    public static HarnessOptions Default(double rate, TimeSpan duration, int faults) => new(
        new LoadOptions(rate, duration, Keys: 64, ReadFraction: 0.5, OperationTimeout: TimeSpan.FromSeconds(3), MaxInFlight: 2_000, Seed: 8),
        new NemesisOptions([FaultKind.KillLeader, FaultKind.PauseLeader, FaultKind.WipeRestartLeader, FaultKind.KillRandom],
            FirstAt: TimeSpan.FromSeconds(3), Interval: TimeSpan.FromSeconds(3), Hold: TimeSpan.FromSeconds(2), MaxFaults: faults, Seed: 8),
        SettleTimeout: TimeSpan.FromSeconds(30));
}
