using System.Diagnostics;
using EntityPlatform.Client.Tests.Support;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Leader-map refreshes: learned on first use, refreshed on failures, but coalesced and rate-limited.</summary>
public sealed class TopologyRefreshTests
{
    [Fact]
    public async Task The_first_call_learns_the_map_and_routes_straight_to_the_leader()
    {
        var cluster = new FakeCluster { Leader = 3 };
        using var client = FakeClients.Create(cluster);

        await client.IncrementAsync("c1");

        Assert.Equal([3UL], cluster.Calls.Where(call => call.Method == "Command").Select(call => call.NodeId));
        Assert.Equal(1, client.Refresher.RefreshCount);
    }

    [Fact]
    public async Task Many_failures_cause_few_refreshes()
    {
        var cluster = new FakeCluster { NonLeadersForward = true };
        using var client = FakeClients.Create(cluster, options => options.TopologyRefreshMinInterval = TimeSpan.FromMilliseconds(100));
        await client.ConnectAsync();
        cluster.Dead[1] = true;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => client.IncrementAsync($"c{i}"))));
        await Task.Delay(150);

        var refreshes = client.Refresher.RefreshCount - 1;
        var allowed = 2 + (int)(clock.ElapsedMilliseconds / 100);
        Assert.InRange(refreshes, 1, allowed);
    }

    [Fact]
    public async Task A_refresh_learns_a_new_leader_from_a_higher_term()
    {
        var cluster = new FakeCluster();
        using var client = FakeClients.Create(cluster);
        await client.ConnectAsync();
        cluster.Dead[1] = true;
        cluster.Leader = 2;
        cluster.Term = 2;

        await client.IncrementAsync("c1");
        await Task.Delay(120);
        cluster.Calls.Clear();
        await client.IncrementAsync("c2");

        Assert.Equal([2UL], cluster.Calls.Where(call => call.Method == "Command").Select(call => call.NodeId));
    }

    [Fact]
    public async Task ConnectAsync_names_the_seeds_when_none_answers()
    {
        var cluster = new FakeCluster();
        foreach (var node in cluster.NodeIds)
        {
            cluster.Dead[node] = true;
        }

        using var client = FakeClients.Create(cluster);

        var error = await Assert.ThrowsAsync<EntityPlatformException>(() => client.ConnectAsync());

        Assert.Contains("http://n1:7000/", error.Message);
    }
}
