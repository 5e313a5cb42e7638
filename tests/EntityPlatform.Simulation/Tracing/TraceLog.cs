namespace EntityPlatform.Simulation.Tracing;

/// <summary>
/// The run's trace. Off in bulk runs, where formatting every message would cost more than the run; a
/// failing seed is re-run with a ring buffer to show the events just before the failure, and a replay
/// writes every line. Callers test <see cref="On"/> before building a line, so an off trace costs nothing.
/// </summary>
public sealed class TraceLog
{
    private readonly TextWriter? writer;
    private readonly Queue<string>? ring;
    private readonly int ringCapacity;

    private TraceLog(TextWriter? writer, int ringCapacity)
    {
        this.writer = writer;
        this.ringCapacity = ringCapacity;
        ring = ringCapacity > 0 ? new Queue<string>(ringCapacity) : null;
    }

    public static TraceLog Off() => new(null, 0);

    /// <summary>Keeps only the newest <paramref name="lineCount"/> lines (bounded memory for long runs).</summary>
    public static TraceLog Ring(int lineCount) => new(null, lineCount);

    public static TraceLog Full(TextWriter writer) => new(writer, 0);

    public bool On => writer is not null || ring is not null;

    /// <summary>Simulated time, stamped on every line as <c>tick.unit</c>.</summary>
    public long NowUnits { get; set; }

    public void Write(string line)
    {
        if (!On)
        {
            return;
        }

        var text = $"{NowUnits / Scenario.ScenarioParameters.UnitsPerTick,5}.{NowUnits % Scenario.ScenarioParameters.UnitsPerTick} {line}";
        writer?.WriteLine(text);
        if (ring is not null)
        {
            if (ring.Count == ringCapacity)
            {
                ring.Dequeue();
            }

            ring.Enqueue(text);
        }
    }

    /// <summary>The buffered lines, oldest first (empty unless this is a ring trace).</summary>
    public IReadOnlyList<string> RecentLines() => ring is null ? [] : ring.ToArray();
}
