using System.Diagnostics;

namespace EntityPlatform.Consensus.Bench;

/// <summary>
/// Entries committed per second through a 3-replica group on one core, with the host's batching: each
/// loop iteration proposes a batch on the leader, then every replica handles its Ready and messages
/// are delivered. Also reports bytes allocated per committed entry.
/// </summary>
public static class Throughput
{
    public static void Run(int entryBytes, int batchEntries, TimeSpan duration)
    {
        var group = new InMemoryGroup(groupId: 1, replicaCount: 3, quiesceAfterIdleTicks: 0);
        group.ElectFirstReplica();
        var payload = new byte[entryBytes];
        Random.Shared.NextBytes(payload);

        RunFor(group, payload, batchEntries, TimeSpan.FromSeconds(1));
        GC.Collect();
        var appliedBefore = group.AppliedOnLeader;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gen0Before = GC.CollectionCount(0);
        var elapsed = RunFor(group, payload, batchEntries, duration);
        var applied = group.AppliedOnLeader - appliedBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine(
            $"throughput entry={entryBytes}B batch={batchEntries}: {applied / elapsed.TotalSeconds:N0} entries/s committed, " +
            $"{(double)allocated / applied:N0} B allocated/entry, gen0 GCs {GC.CollectionCount(0) - gen0Before}");
    }

    private static TimeSpan RunFor(InMemoryGroup group, byte[] payload, int batchEntries, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < batchEntries; i++)
            {
                group.Leader.Propose(payload);
            }

            group.Pump();
            group.Pump();
        }

        return clock.Elapsed;
    }
}
