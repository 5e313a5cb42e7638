using EntityPlatform.Client.Tests.Support;
using Polly.CircuitBreaker;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>A dead node is skipped after a few failures, probed after the break, and used again once it answers.</summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task A_dead_node_is_skipped_after_a_few_failures_then_probed_and_closed_when_it_recovers()
    {
        // Topology keeps naming node 1 (same term), so without a breaker every refresh would send calls back to it.
        var cluster = new FakeCluster { NonLeadersForward = true };
        using var client = FakeClients.Create(cluster);
        await client.ConnectAsync();
        cluster.Dead[1] = true;

        for (var i = 0; i < 30; i++)
        {
            await client.IncrementAsync($"c{i}");
            await Task.Delay(5);
        }

        var endpoint = FakeCluster.AddressOf(1);
        Assert.Equal(CircuitState.Open, client.Breakers.StateOf(endpoint));
        Assert.InRange(cluster.CallsTo(1).Count, 3, 4);

        cluster.Dead.TryRemove(1, out _);
        await Task.Delay(600);
        for (var i = 0; i < 5; i++)
        {
            await client.IncrementAsync($"after-{i}");
        }

        Assert.True(CircuitState.Closed == client.Breakers.StateOf(endpoint), string.Join(", ", cluster.Calls.Select(c => $"{c.Method}@{c.NodeId}+{c.At.TotalMilliseconds:0}")));
        Assert.True(cluster.CallsTo(1).Count > 4, "after the break a probe must reach node 1");
    }

    [Fact]
    public async Task Not_leader_answers_and_overload_do_not_open_a_circuit()
    {
        var cluster = new FakeCluster { Leader = 2, ReportedLeader = 1 };
        using var client = FakeClients.Create(cluster);
        await client.ConnectAsync();

        for (var i = 0; i < 10; i++)
        {
            // Every call starts at the stale leader (node 1), is told "not leader", then meets overload at node 2.
            client.LeaderMap.Merge([await cluster.TopologyAsync(FakeCluster.AddressOf(3), default)]);
            cluster.LeaderFailures.Enqueue(new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.ResourceExhausted, "overloaded")));
            cluster.LeaderFailures.Enqueue(new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.ResourceExhausted, "overloaded")));
            await client.IncrementAsync($"c{i}");
        }

        Assert.Equal(CircuitState.Closed, client.Breakers.StateOf(FakeCluster.AddressOf(1)));
        Assert.Equal(CircuitState.Closed, client.Breakers.StateOf(FakeCluster.AddressOf(2)));
    }

    [Fact]
    public async Task A_hung_node_costs_attempt_timeouts_only_until_its_circuit_opens_or_it_is_suspect()
    {
        var cluster = new FakeCluster { NonLeadersForward = true };
        using var client = FakeClients.Create(cluster, options => options.AttemptTimeout = TimeSpan.FromMilliseconds(50));
        await client.ConnectAsync();
        cluster.Hung[1] = true;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.IncrementAsync($"c{i}")));
        var started = cluster.CallsTo(1).Count;
        for (var i = 0; i < 10; i++)
        {
            await client.IncrementAsync($"later-{i}");
        }

        // Routing stops using the node once its circuit opens or (the faster path) once an attempt timed out
        // there and made it suspect; which of the two came first depends on how the 40 calls interleaved.
        var hung = FakeCluster.AddressOf(1);
        Assert.True(client.Breakers.StateOf(hung) == CircuitState.Open || client.Breakers.IsSuspect(hung),
            $"node 1 is neither open ({client.Breakers.StateOf(hung)}) nor suspect");
        Assert.Equal(started, cluster.CallsTo(1).Count);
    }
}
