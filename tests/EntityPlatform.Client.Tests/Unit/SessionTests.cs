using EntityPlatform.Client.Tests.Support;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;

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

    [Fact]
    public async Task A_session_expired_on_the_first_attempt_moves_the_command_to_a_newer_session_and_sends_it_once_more()
    {
        var cluster = new FakeCluster();
        using var client = FakeClients.Create(cluster);
        // Only the trailer, as a server that attaches no status details would send it.
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(StatusCode.FailedPrecondition, "client_session_id has expired"),
            new Metadata { { "ep-error-reason", "SESSION_EXPIRED" } }));

        await client.IncrementAsync("c1");

        var commands = cluster.Calls.Where(call => call.Method == "Command").ToArray();
        Assert.Equal(2, commands.Length);
        var (expired, fresh) = (Guid.Parse(commands[0].Session), Guid.Parse(commands[1].Session));
        Assert.Equal(7, fresh.Version);
        Assert.True(CreationKey(fresh) > CreationKey(expired), "the new session must sort after the expired one, or the shard refuses it too");
        Assert.Equal(1, cluster.AppliedCount);
    }

    [Fact]
    public async Task A_session_expired_after_an_attempt_that_may_have_applied_the_command_is_reported_not_resent()
    {
        var cluster = new FakeCluster();
        using var client = FakeClients.Create(cluster);
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(StatusCode.ResourceExhausted, "busy")));
        // As a node sends it: ErrorInfo reason and trailer.
        cluster.LeaderFailures.Enqueue(RichErrors.Create(StatusCode.FailedPrecondition, "client_session_id has expired", ErrorReasons.SessionExpired));

        var error = await Assert.ThrowsAsync<EntityPlatformException>(() => client.IncrementAsync("c1"));

        Assert.True(error.IsSessionExpired, error.Message);
        Assert.True(error.MayHaveBeenApplied);
    }

    private static UInt128 CreationKey(Guid session)
    {
        Span<byte> bytes = stackalloc byte[16];
        session.TryWriteBytes(bytes, bigEndian: true, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
