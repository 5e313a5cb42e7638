namespace EntityPlatform.Simulation.Coverage;

/// <summary>How often each <see cref="Mark"/> was hit. One per run (single-threaded); runs merge by <see cref="Add"/>.</summary>
public sealed class MarkCounts
{
    private readonly long[] counts = new long[Enum.GetValues<Mark>().Length];

    public void Hit(Mark mark) => counts[(int)mark]++;

    public long this[Mark mark] => counts[(int)mark];

    /// <summary>Adds another run's counts; the caller serializes merges across threads.</summary>
    public void Add(MarkCounts other)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += other.counts[i];
        }
    }

    public IEnumerable<Mark> Missing() => Enum.GetValues<Mark>().Where(mark => counts[(int)mark] == 0);

    public override string ToString() =>
        string.Join(Environment.NewLine, Enum.GetValues<Mark>().Select(mark => $"  {mark,-24} {counts[(int)mark],10}"));
}
