using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Load;

/// <summary>
/// An open-loop generator: operation i is due at start + i / rate whatever happened to earlier ones, and
/// its latency is measured from that due time, so a stalled system shows its stall instead of quietly
/// being sent less work (coordinated omission). The due time is also the recorded invoke time, which is
/// never later than the real send, so the checker's intervals are only ever wider than the truth.
/// </summary>
public sealed class OpenLoopLoad(ISystemUnderTest system, HistoryRecorder recorder, LoadOptions options, LoadGate? gate = null)
{
    private readonly LoadGate loadGate = gate ?? new LoadGate();

    private int inFlight;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        var random = new Random(options.Seed);
        var start = recorder.NowMicros;
        var total = (long)(options.RatePerSecond * options.Duration.TotalSeconds);
        var running = new List<Task>();
        long skipped = 0;
        long idled = 0;
        for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * 1_000_000 / options.RatePerSecond);
            var wait = due - recorder.NowMicros;
            if (wait > 1_000)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(wait), cancellationToken);
            }

            if (!loadGate.IsOpen)
            {
                idled++;
                continue;
            }

            // The bound keeps a dead system from piling up unbounded tasks; a skipped op is a visible stall.
            if (Volatile.Read(ref inFlight) >= options.MaxInFlight)
            {
                skipped++;
                continue;
            }

            var key = $"k{random.Next(options.Keys)}";
            var isRead = random.NextDouble() < options.ReadFraction;
            // Drawn only for reads, and only when the mix has a choice, so a linearizable-only run keeps its timetable.
            var consistency = isRead ? options.ReadMix.Pick(random, system.ReadModes) : ReadConsistency.Linearizable;
            Interlocked.Increment(ref inFlight);
            loadGate.Started();
            running.Add(RunOneAsync(key, isRead, consistency, due, cancellationToken));
            if (running.Count > 4_096)
            {
                running.RemoveAll(task => task.IsCompleted);
            }
        }

        await Task.WhenAll(running);
        return new LoadResult(total, skipped, idled);
    }

    private async Task RunOneAsync(string key, bool isRead, ReadConsistency consistency, long due, CancellationToken cancellationToken)
    {
        await Task.Yield();
        // The loop may fire up to a millisecond early (timer granularity): the invoke time must never be
        // later than the real send, or the checker would see a reply before its request.
        due = Math.Min(due, recorder.NowMicros);
        var id = recorder.NewId();
        // Register writes need unique values so a read names the write it saw; counters add 1.
        var value = system.Model is CounterModel ? 1 : id;
        var staleness = consistency == ReadConsistency.BoundedStaleness ? options.Staleness.Ticks / 10 : 0;
        try
        {
            if (isRead)
            {
                var seen = await system.ReadAsync(key, consistency, options.Staleness, options.OperationTimeout, cancellationToken);
                recorder.Record(new Operation(id, key, OpKind.Read, seen, due, recorder.NowMicros, OpOutcome.Ok, consistency, staleness));
            }
            else
            {
                await system.MutateAsync(key, value, options.OperationTimeout, cancellationToken);
                recorder.Record(new Operation(id, key, WriteKind, value, due, recorder.NowMicros, OpOutcome.Ok));
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var outcome = !isRead && system.MayHaveApplied(error) ? OpOutcome.Indeterminate : OpOutcome.Failed;
            recorder.Record(new Operation(id, key, isRead ? OpKind.Read : WriteKind, isRead ? 0 : value, due, recorder.NowMicros, outcome, consistency, staleness));
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            loadGate.Finished();
        }
    }

    private OpKind WriteKind => system.Model is CounterModel ? OpKind.Increment : OpKind.Write;
}
