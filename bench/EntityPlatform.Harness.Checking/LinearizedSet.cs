namespace EntityPlatform.Harness.Checking;

/// <summary>
/// An immutable copy of a linearized-ops bitset with a precomputed hash, so that (set, state) pairs can be
/// memoized exactly: a hash-only memo could skip a legal path on a collision and report a false violation.
/// </summary>
internal readonly struct LinearizedSet : IEquatable<LinearizedSet>
{
    private readonly ulong[] words;
    private readonly long state;
    private readonly int hash;

    public LinearizedSet(ulong[] live, long state)
    {
        words = (ulong[])live.Clone();
        this.state = state;
        var h = new HashCode();
        h.Add(state);
        foreach (var word in words)
        {
            h.Add(word);
        }

        hash = h.ToHashCode();
    }

    public bool Equals(LinearizedSet other) => state == other.state && words.AsSpan().SequenceEqual(other.words);

    public override bool Equals(object? obj) => obj is LinearizedSet other && Equals(other);

    public override int GetHashCode() => hash;
}
