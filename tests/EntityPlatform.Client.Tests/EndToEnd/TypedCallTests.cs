using EntityPlatform.Client.Typed;
using Grpc.Core;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Carts;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>The typed API against real nodes: commands, rejections, queries at every consistency, errors that are not retried.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class TypedCallTests(SharedClusterFixture fixture)
{
    private static readonly Account AccountType = new();

    [Fact]
    public async Task Typed_commands_return_events_and_rejections_with_reasons()
    {
        using var client = fixture.NewClient();
        var account = client.Entity(AccountType, "accounts", $"acct-{Guid.NewGuid():N}");

        var deposit = await account.SendAsync(new AccountCommand.Deposit(100));
        var overdraft = await account.SendAsync(new AccountCommand.Withdraw(250));
        var withdraw = await account.SendAsync(new AccountCommand.Withdraw(40));

        Assert.True(deposit.IsAccepted);
        Assert.Equal([new AccountEvent.Deposited(100)], deposit.Events);
        Assert.False(overdraft.IsAccepted);
        Assert.Contains("insufficient funds", overdraft.RejectionReason);
        Assert.Equal([new AccountEvent.Withdrawn(40)], withdraw.Events);
        Assert.Equal(60, await account.QueryAsync<long>("balance"));
        Assert.Equal(new AccountState(60, 2), await account.GetStateAsync());
    }

    [Theory]
    [InlineData(QueryConsistency.Linearizable)]
    [InlineData(QueryConsistency.Lease)]
    [InlineData(QueryConsistency.BoundedStaleness)]
    public async Task Queries_are_served_at_each_consistency(QueryConsistency consistency)
    {
        using var client = fixture.NewClient();
        var counter = client.EntityType(new Counter(), "counter").Entity($"c-{Guid.NewGuid():N}");
        await counter.SendAsync(new CounterCommand.Increment(5));

        // Bounded staleness may be served by a follower that has not applied the increment yet.
        var value = await counter.QueryAsync<long>("value", consistency: consistency, maxStaleness: TimeSpan.FromSeconds(5));
        Assert.True(consistency == QueryConsistency.BoundedStaleness ? value is 0 or 5 : value == 5, $"value {value} at {consistency}");
    }

    [Fact]
    public async Task The_entity_class_form_checks_the_command_type_at_run_time()
    {
        using var client = fixture.NewClient();
        var cart = client.Entity<Cart>("cart", $"cart-{Guid.NewGuid():N}");

        var added = await cart.SendAsync(new CartCommand.AddItem("apple", 2));
        var checkout = await cart.SendAsync(new CartCommand.Checkout());

        Assert.Equal([new CartEvent.ItemAdded("apple", 2)], added.Events);
        Assert.Equal([new CartEvent.CheckedOut(2)], checkout.Events);
        await Assert.ThrowsAsync<ArgumentException>(() => cart.SendAsync(new CounterCommand.Increment(1)));
    }

    [Fact]
    public async Task Errors_a_retry_cannot_fix_fail_at_once()
    {
        using var client = fixture.NewClient();

        var unknownType = await Assert.ThrowsAsync<EntityPlatformException>(() => client.SendCommandAsync("no-such-type", "x", "{}"u8.ToArray()));
        var unknownQuery = await Assert.ThrowsAsync<EntityPlatformException>(() =>
            client.Entity(AccountType, "accounts", "a").QueryAsync<long>("no-such-query"));
        var badPayload = await Assert.ThrowsAsync<EntityPlatformException>(() => client.SendCommandAsync("counter", "c", "not json"u8.ToArray()));

        Assert.Equal(StatusCode.NotFound, unknownType.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, unknownQuery.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badPayload.StatusCode);
        Assert.All(new[] { unknownType, unknownQuery, badPayload }, error => Assert.Equal(1, error.Attempts));
        Assert.False(badPayload.MayHaveBeenApplied);
    }

    [Fact]
    public async Task Commands_go_straight_to_the_leader_the_map_names()
    {
        using var client = fixture.NewClient();
        await client.ConnectAsync();
        var counter = client.Entity(new Counter(), "counter", "routed");

        var result = await counter.SendAsync(new CounterCommand.Increment(1));

        Assert.True(result.IsAccepted);
        var shards = client.LeaderMap.ShardCount("counter");
        Assert.Equal(4, shards);
        var route = client.LeaderMap.Route(new Routing.ShardKey("counter", Entities.Routing.StableHash64.ShardOf("routed", 4)));
        Assert.NotEqual(0UL, route.LeaderNodeId);
        Assert.Equal(3, route.Replicas.Count);
    }

    [Fact]
    public async Task One_seed_is_enough_to_learn_every_node_and_leader()
    {
        using var client = new EntityPlatformClient(new EntityPlatformClientOptions { ServiceAddress = fixture.Cluster.Endpoints[2] });

        await client.ConnectAsync();

        Assert.Equal(3, client.LeaderMap.Nodes().Count);
        for (var shard = 0; shard < 4; shard++)
        {
            Assert.NotEqual(0UL, client.LeaderMap.Route(new Routing.ShardKey("accounts", shard)).LeaderNodeId);
        }
    }

    [Fact]
    public async Task A_short_deadline_reaches_the_server_and_fails_the_call_in_time()
    {
        using var client = fixture.NewClient();
        await client.ConnectAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // 1 ms cannot cover a replicated commit; the call must end near its deadline, not after retries.
        var error = await Record.ExceptionAsync(() => client.Entity(new Counter(), "counter", "deadline").SendAsync(new CounterCommand.Increment(1), TimeSpan.FromMilliseconds(1)));

        Assert.True(clock.ElapsedMilliseconds < 500, $"took {clock.ElapsedMilliseconds} ms");
        if (error is not null)
        {
            Assert.Equal(StatusCode.DeadlineExceeded, Assert.IsType<EntityPlatformException>(error).StatusCode);
        }
    }
}
