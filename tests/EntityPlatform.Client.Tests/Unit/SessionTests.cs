using EntityPlatform.Client.Tests.Support;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Request ids and session lanes: what makes the server's dedup table recognize every retry.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task Sequential_commands_use_the_client_session_with_increasing_request_ids()
    {
        var cluster = new FakeCluster();
        using var client = FakeClients.Create(cluster);

        for (var i = 0; i < 5; i++)
        {
            await client.IncrementAsync("c1");
        }

        var commands = cluster.Calls.Where(call => call.Method == "Command").ToArray();
        Assert.All(commands, call => Assert.Equal(client.SessionId.ToString(), call.Session));
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], commands.Select(call => call.RequestId));
    }

    [Fact]
    public async Task Concurrent_commands_never_share_a_session_in_flight()
    {
        var cluster = new FakeCluster { CommandLatency = TimeSpan.FromMilliseconds(5) };
        using var client = FakeClients.Create(cluster);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => client.IncrementAsync($"c{i % 7}"))));

        var bySession = cluster.Calls.Where(call => call.Method == "Command").GroupBy(call => call.Session).ToArray();
        Assert.True(bySession.Length > 1, "concurrent commands should spread over lanes");
        Assert.True(bySession.Length <= 50);
        Assert.All(bySession, session => Assert.Equal(session.Select(call => call.RequestId).Order(), session.Select(call => call.RequestId)));
        Assert.Equal(50, cluster.AppliedCount);
        Assert.All(bySession, session => Assert.True(Guid.TryParse(session.Key, out _)));
    }

    [Fact]
    public async Task MaxConcurrentCommands_bounds_the_lanes()
    {
        var cluster = new FakeCluster { CommandLatency = TimeSpan.FromMilliseconds(2) };
        using var client = FakeClients.Create(cluster, options => options.MaxConcurrentCommands = 3);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => client.IncrementAsync($"c{i}"))));

        Assert.InRange(client.Sessions.LanesCreated, 1, 3);
        Assert.Equal(30, cluster.AppliedCount);
    }
}
