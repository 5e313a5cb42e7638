using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Simulation.Scenario;

/// <summary>Small helpers over the core's seeded generator, so every draw in a run comes from one seed.</summary>
public static class RandomExtensions
{
    /// <summary>A value in [low, high], both inclusive.</summary>
    public static int Between(this SeededRandom random, int low, int high)
    {
        Invariant.Assert(low <= high, $"range [{low}, {high}]");
        return low + random.Next(high - low + 1);
    }

    /// <summary>A value in [0, 1).</summary>
    public static double NextDouble(this SeededRandom random) => (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A rate in [low, high], or 0 with probability <paramref name="offProbability"/>: swarm testing turns whole features off.</summary>
    public static double Swarm(this SeededRandom random, double offProbability, double low, double high) =>
        random.Chance(offProbability) ? 0 : low + (random.NextDouble() * (high - low));

    public static T Pick<T>(this SeededRandom random, IReadOnlyList<T> items)
    {
        Invariant.Assert(items.Count > 0, "pick from an empty list");
        return items[random.Next(items.Count)];
    }
}
