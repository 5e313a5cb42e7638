using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Node.Bench;

/// <summary>
/// CPU used by idle node processes each holding one replica of 10,000 quiesced shards: read from
/// /proc/PID/stat (user + system ticks) over a measurement window, as a share of one core.
/// </summary>
internal static class IdleBench
{
    public static async Task RunAsync(int shardsPerNode, TimeSpan measure)
    {
        await using var cluster = new BenchCluster(nodeCount: 3, shards: shardsPerNode, quiesceAfterIdleTicks: 100);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(300));
        // Quiescing needs QuiesceAfterIdleTicks (1 s) of idleness plus the handshake; give it a margin.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var before = cluster.Nodes.ToDictionary(node => node.Id, node => CpuTicks(node.Pid));
        await Task.Delay(measure);
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        foreach (var node in cluster.Nodes)
        {
            var used = (CpuTicks(node.Pid) - before[node.Id]) / ticksPerSecond;
            Console.WriteLine($"idle: node {node.Id} with {shardsPerNode} shard replicas used {used / measure.TotalSeconds:P2} of one core over {measure.TotalSeconds:0} s");
        }
    }

    private static long CpuTicks(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the command name: state is field 3; utime and stime are fields 14 and 15 (1-based).
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
