using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Running;

/// <summary>The outcome of one seed. <see cref="Failure"/> is null when every check passed.</summary>
public sealed record SeedResult(ScenarioParameters Parameters, string? Failure, long Ticks, MarkCounts Marks)
{
    public ulong Seed => Parameters.Seed;

    public bool Passed => Failure is null;

    /// <summary>The command that replays this seed with a full trace.</summary>
    public string ReplayCommand => $"dotnet run -c Release --project tests/EntityPlatform.Simulation -- --seed {Seed}";
}
