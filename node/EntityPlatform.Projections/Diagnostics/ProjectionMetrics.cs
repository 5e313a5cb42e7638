using System.Diagnostics.Metrics;

namespace EntityPlatform.Projections.Diagnostics;

/// <summary>
/// The host's instruments, tagged with the projection name. Each host owns its Meter (from the app's
/// IMeterFactory when given), so a test listens to one host; OpenTelemetry subscribes by <see cref="MeterName"/>.
/// </summary>
public sealed class ProjectionMetrics : IDisposable
{
    public const string MeterName = "EntityPlatform.Projections";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly KeyValuePair<string, object?> tag;
    private readonly Counter<long> applied;
    private readonly Counter<long> duplicates;
    private readonly Histogram<long> batchEvents;
    private readonly Counter<long> failures;
    private readonly Counter<long> sourceFailures;
    private readonly Counter<long> gaps;
    private readonly Counter<long> conflicts;
    private readonly Counter<long> deadLetters;

    public ProjectionMetrics(string projection, IMeterFactory? factory)
    {
        meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        ownsMeter = factory is null;
        tag = new("projection", projection);
        applied = meter.CreateCounter<long>("entityplatform.projection.events_applied", "{event}", "Events whose effects committed");
        duplicates = meter.CreateCounter<long>("entityplatform.projection.duplicates_dropped", "{event}", "Repeated events dropped (at or below the checkpoint)");
        batchEvents = meter.CreateHistogram<long>("entityplatform.projection.batch_events", "{event}", "Events per committed batch");
        failures = meter.CreateCounter<long>("entityplatform.projection.batch_failures", "{failure}", "Failed tries of a batch (projection or store errors), each rolled back");
        sourceFailures = meter.CreateCounter<long>("entityplatform.projection.source_failures", "{failure}", "Event streams that failed and were resubscribed");
        gaps = meter.CreateCounter<long>("entityplatform.projection.gaps", "{gap}", "Streams cut because they skipped an offset");
        conflicts = meter.CreateCounter<long>("entityplatform.projection.checkpoint_conflicts", "{conflict}", "Commits refused because the stored checkpoint had moved");
        deadLetters = meter.CreateCounter<long>("entityplatform.projection.dead_letters", "{event}", "Poison events recorded and skipped");
    }

    public Meter Meter => meter;

    public void Committed(int events) { applied.Add(events, tag); batchEvents.Record(events, tag); }

    public void Duplicates(int count) { if (count > 0) { duplicates.Add(count, tag); } }

    public void BatchFailed() => failures.Add(1, tag);

    public void SourceFailed() => sourceFailures.Add(1, tag);

    public void Gap() => gaps.Add(1, tag);

    public void Conflict() => conflicts.Add(1, tag);

    public void DeadLettered() => deadLetters.Add(1, tag);

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
