using System.Diagnostics;

namespace EntityPlatform.Consensus.Bench;

/// <summary>
/// The cost of idle shards: a node hosts one replica of each of 10,000 quiesced groups and ticks them all
/// every tick interval (10 ms in the node), checking each for a Ready as the scheduler does. Reported as
/// the fraction of one core that this costs.
/// </summary>
public static class QuiescedGroups
{
    public static void Run(int groupCount, int tickIntervalMs)
    {
        var groups = new List<InMemoryGroup>(groupCount);
        for (var i = 0; i < groupCount; i++)
        {
            var group = new InMemoryGroup(groupId: (ulong)i + 1, replicaCount: 3, quiesceAfterIdleTicks: 5);
            group.ElectFirstReplica();
            for (var tick = 0; tick < 10; tick++)
            {
                group.Tick();
                group.Pump();
                group.Pump();
            }

            groups.Add(group);
        }

        var quiesced = groups.Count(group => group.Replicas.All(replica => replica.IsQuiesced));
        // One node's view: replica 2 of every group (a follower), as a node holds one replica per group.
        var local = groups.Select(group => group.Replicas[1]).ToArray();
        const int rounds = 2_000;
        var clock = Stopwatch.StartNew();
        var ready = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var replica in local)
            {
                replica.Tick();
                ready += replica.HasReady() ? 1 : 0;
            }
        }

        var perRoundMs = clock.Elapsed.TotalMilliseconds / rounds;
        var coreFraction = perRoundMs / tickIntervalMs;
        Console.WriteLine(
            $"quiesced: {quiesced}/{groupCount} groups quiesced; ticking {local.Length} replicas + HasReady costs " +
            $"{perRoundMs * 1000:N1} µs per tick = {coreFraction:P2} of one core at a {tickIntervalMs} ms tick (readies seen: {ready})");
    }
}
