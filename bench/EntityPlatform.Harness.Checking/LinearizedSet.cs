namespace EntityPlatform.Harness.Checking;

/// <summary>
/// An immutable copy of a linearized-ops bitset with a precomputed hash, so that (set, state) pairs can be
/// memoized exactly: a hash-only memo could skip a legal path on a collision and report a false violation.
/// Words before <c>fromWord</c> are all ones (every op there is linearized) in every set a search compares,
/// so only the words from there on are kept; the start is part of the identity.
/// </summary>
internal readonly struct LinearizedSet : IEquatable<LinearizedSet>
{
    private readonly ulong[] words;
    private readonly int fromWord;
    private readonly long state;
    private readonly int hash;

    public LinearizedSet(ulong[] live, int fromWord, long state)
    {
        words = live.AsSpan(fromWord).ToArray();
        this.fromWord = fromWord;
        this.state = state;
        var h = new HashCode();
        h.Add(state);
        h.Add(fromWord);
        foreach (var word in words)
        {
            h.Add(word);
        }

        hash = h.ToHashCode();
    }

    public bool Equals(LinearizedSet other) => state == other.state && fromWord == other.fromWord && words.AsSpan().SequenceEqual(other.words);

    public override bool Equals(object? obj) => obj is LinearizedSet other && Equals(other);

    public override int GetHashCode() => hash;
}
