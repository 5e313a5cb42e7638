namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// SplitMix64: a tiny, fast generator whose sequence is fixed by its seed on every platform and runtime
/// version. The core takes all randomness (election timeouts) from here so a simulation seed replays.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, maxExclusive); the tiny modulo bias is irrelevant for timeouts.</summary>
    public int Next(int maxExclusive)
    {
        Invariant.Assert(maxExclusive > 0);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>True with the given probability in [0, 1].</summary>
    public bool Chance(double probability) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < probability;
}
