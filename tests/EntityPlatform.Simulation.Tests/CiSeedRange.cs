using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Running;

namespace EntityPlatform.Simulation.Tests;

/// <summary>
/// Runs the CI seed range once per test run (on all cores; each seed is single-threaded), shared by the
/// safety test and the coverage test so the expensive part happens once.
/// </summary>
public sealed class CiSeedRange
{
    /// <summary>The CI range: seeds 1..SeedCount. Soak runs use the CLI with any range.</summary>
    public const int SeedCount = 2_000;
    public const ulong FirstSeed = 1;

    public CiSeedRange()
    {
        (Results, Marks) = SeedRunner.RunMany(FirstSeed, SeedCount);
    }

    public SeedResult[] Results { get; }

    public MarkCounts Marks { get; }
}
