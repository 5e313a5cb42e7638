using System.Diagnostics;
using EntityPlatform.Client.Tests.Support;
using Grpc.Core;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>What is retried, how often, with which ids, and within which time; against the fake transport.</summary>
public sealed class RetryPolicyTests
{
    [Fact]
    public async Task A_not_leader_answer_is_followed_to_the_hinted_leader_at_once_with_the_same_ids()
    {
        var cluster = new FakeCluster { Leader = 2, ReportedLeader = 1 };
        using var client = FakeClients.Create(cluster, uniform: () => 1.0);
        await client.ConnectAsync();

        var reply = await client.IncrementAsync("c1");

        Assert.True(reply.Accepted is not null);
        var commands = cluster.Calls.Where(call => call.Method == "Command").ToArray();
        Assert.Equal([1UL, 2UL], commands.Select(call => call.NodeId));
        Assert.Single(commands.Select(call => (call.Session, call.RequestId)).Distinct());
        Assert.Equal(2UL, client.LeaderMap.Route(new Routing.ShardKey("counter", Entities.Routing.StableHash64.ShardOf("c1", 4))).LeaderNodeId);
    }

    [Fact]
    public async Task Unavailable_is_retried_with_the_same_session_and_request_id_and_applied_once()
    {
        var cluster = new FakeCluster();
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "connection reset")));
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(StatusCode.DeadlineExceeded, "attempt deadline")));
        cluster.NonLeadersForward = true;
        using var client = FakeClients.Create(cluster);

        var reply = await client.IncrementAsync("c1");

        var commands = cluster.Calls.Where(call => call.Method == "Command").ToArray();
        Assert.True(commands.Length >= 3);
        Assert.Single(commands.Select(call => (call.Session, call.RequestId)).Distinct());
        Assert.Equal(1, cluster.AppliedCount);
        Assert.True(reply.Accepted is not null);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Internal)]
    public async Task Statuses_a_retry_cannot_change_fail_after_one_attempt(StatusCode code)
    {
        var cluster = new FakeCluster();
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(code, "no")));
        using var client = FakeClients.Create(cluster);
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<EntityPlatformException>(() => client.IncrementAsync("c1"));

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.False(error.MayHaveBeenApplied);
        Assert.Single(cluster.Calls, call => call.Method == "Command");
    }

    [Fact]
    public async Task A_business_rejection_is_a_reply_and_is_not_retried()
    {
        var cluster = new FakeCluster { Answer = _ => new EntityPlatform.Grpc.Api.V1.CommandReply { Rejected = new EntityPlatform.Grpc.Api.V1.Rejected { Reason = "insufficient funds" } } };
        using var client = FakeClients.Create(cluster);

        var reply = await client.IncrementAsync("c1");

        Assert.Equal("insufficient funds", reply.Rejected.Reason);
        Assert.Single(cluster.Calls, call => call.Method == "Command");
    }

    [Fact]
    public async Task Overload_is_retried_after_backoff()
    {
        var cluster = new FakeCluster();
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(StatusCode.ResourceExhausted, "shard 0 has 10000 commands waiting")));
        cluster.LeaderFailures.Enqueue(new RpcException(new Status(StatusCode.ResourceExhausted, "shard 0 has 10000 commands waiting")));
        using var client = FakeClients.Create(cluster, options => options.BackoffBase = options.BackoffMax = TimeSpan.FromMilliseconds(40), uniform: () => 1.0);
        await client.ConnectAsync();
        var clock = Stopwatch.StartNew();

        var reply = await client.IncrementAsync("c1");

        Assert.True(reply.Accepted is not null);
        Assert.Equal(3, cluster.Calls.Count(call => call.Method == "Command"));
        Assert.True(clock.ElapsedMilliseconds >= 75, $"two backoffs of 40 ms took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Attempts_are_bounded_by_MaxAttempts()
    {
        var cluster = new FakeCluster();
        foreach (var node in cluster.NodeIds)
        {
            cluster.Dead[node] = true;
        }

        using var client = FakeClients.Create(cluster, options => options.MaxAttempts = 4);

        var error = await Assert.ThrowsAsync<EntityPlatformException>(() => client.IncrementAsync("c1"));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, cluster.Calls.Count(call => call.Method == "Command"));
    }

    [Fact]
    public async Task The_callers_deadline_bounds_the_retries_and_reaches_the_server_as_grpc_timeout()
    {
        var cluster = new FakeCluster();
        using var client = FakeClients.Create(cluster, options => options.AttemptTimeout = TimeSpan.FromMilliseconds(100));
        await client.ConnectAsync();
        foreach (var node in cluster.NodeIds)
        {
            cluster.Hung[node] = true;
        }

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<EntityPlatformException>(() => client.IncrementAsync("c1", TimeSpan.FromMilliseconds(500)));

        // Room for three 100 ms attempts and their backoff even when a loaded machine delays the first one.
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(clock.ElapsedMilliseconds, 450, 1500);
        var timeouts = cluster.Calls.Where(call => call.Method == "Command").Select(call => call.Timeout!.Value).ToArray();
        Assert.True(timeouts.Length >= 3, $"{timeouts.Length} attempts: " + string.Join(", ", cluster.Calls.Select(c => $"{c.Method}@{c.NodeId}+{c.At.TotalMilliseconds:0}")) + " " + error);
        Assert.All(timeouts, timeout => Assert.True(timeout <= TimeSpan.FromMilliseconds(100) && timeout > TimeSpan.Zero));
        Assert.True(timeouts[^1] < TimeSpan.FromMilliseconds(100), "the last attempt must get only what is left of the deadline");
    }

    [Fact]
    public async Task Cancellation_stops_the_call_and_reaches_the_transport()
    {
        var cluster = new FakeCluster();
        using var client = FakeClients.Create(cluster, options => options.AttemptTimeout = TimeSpan.FromSeconds(5));
        await client.ConnectAsync();
        cluster.Hung[1] = true;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.IncrementAsync("c1", cancellationToken: cancel.Token));

        Assert.True(clock.ElapsedMilliseconds < 2000);
        Assert.Single(cluster.Calls, call => call.Method == "Command");
        Assert.True(cluster.Calls.Single(call => call.Method == "Command").Options.CancellationToken.IsCancellationRequested);
    }
}
