using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Nemesis;

/// <summary>
/// Lease reads sent straight to one member (not through the client's routing), recorded in the history like
/// any other read so the linearizability checker judges them. Aimed at a leader that was paused or cut off
/// while a new leader took over and committed writes: if it answers from its old lease, the read misses a
/// write that completed before the read began, which the checker reports.
/// </summary>
internal sealed class LeaseProbes(ISystemUnderTest system, HistoryRecorder recorder, IReadOnlyList<string> keys)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(10);

    /// <summary>Starts <paramref name="count"/> probes, <see cref="Spacing"/> apart, cycling over <see cref="keys"/>.</summary>
    public async Task SendAsync(int member, int count)
    {
        var probes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            probes.Add(ProbeAsync(member, keys[i % keys.Count]));
            await Task.Delay(Spacing);
        }

        await Task.WhenAll(probes);
    }

    private async Task ProbeAsync(int member, string key)
    {
        var id = recorder.NewId();
        var invoke = recorder.NowMicros;
        try
        {
            var seen = await system.ReadFromAsync(member, key, ReadConsistency.Lease, Timeout, CancellationToken.None);
            recorder.Record(new Operation(id, key, OpKind.Read, seen, invoke, recorder.NowMicros, OpOutcome.Ok, ReadConsistency.Lease, SentTo: member));
        }
        catch (Exception)
        {
            // A refused or timed-out read took no effect and constrains nothing; the checker drops it.
            recorder.Record(new Operation(id, key, OpKind.Read, 0, invoke, recorder.NowMicros, OpOutcome.Failed, ReadConsistency.Lease, SentTo: member));
        }
    }
}
