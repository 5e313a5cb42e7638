using EntityPlatform.Client.Routing;
using EntityPlatform.Grpc.Api.V1;
using LeaderHint = EntityPlatform.Client.Routing.LeaderHint;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Merging Topology answers (higher term wins), hints and forgetting.</summary>
public sealed class LeaderMapTests
{
    private static readonly ShardKey Shard0 = new("accounts", 0);

    [Fact]
    public void The_higher_term_wins_whatever_the_order_of_answers()
    {
        var map = new LeaderMap();

        map.Merge([Reply(node: 1, leader: 1, term: 5), Reply(node: 2, leader: 2, term: 6)]);
        map.Merge([Reply(node: 3, leader: 1, term: 5)]);

        Assert.Equal(2UL, map.Route(Shard0).LeaderNodeId);
        Assert.Equal(6UL, map.Route(Shard0).Term);
        Assert.Equal(4, map.ShardCount("accounts"));
        Assert.Equal(new Uri("http://127.0.0.1:7102"), map.AddressOf(2));
    }

    [Fact]
    public void A_newer_term_without_a_leader_clears_the_old_leader()
    {
        var map = new LeaderMap();
        map.Merge([Reply(node: 1, leader: 1, term: 5)]);

        map.Merge([Reply(node: 2, leader: 0, term: 6)]);

        Assert.Equal(0UL, map.Route(Shard0).LeaderNodeId);
        Assert.Equal(6UL, map.Route(Shard0).Term);
    }

    [Fact]
    public void A_hint_replaces_the_leader_and_a_same_term_answer_can_override_the_hint()
    {
        var map = new LeaderMap();
        map.Merge([Reply(node: 1, leader: 1, term: 5)]);

        Assert.True(map.ApplyHint(Shard0, 3, new Uri("http://127.0.0.1:7103")));
        Assert.Equal(3UL, map.Route(Shard0).LeaderNodeId);
        Assert.False(map.ApplyHint(Shard0, 3, new Uri("http://127.0.0.1:7103")));

        map.Merge([Reply(node: 2, leader: 2, term: 5)]);
        Assert.Equal(2UL, map.Route(Shard0).LeaderNodeId);
        map.Merge([Reply(node: 1, leader: 1, term: 5)]);
        Assert.Equal(2UL, map.Route(Shard0).LeaderNodeId);
    }

    [Fact]
    public void Forgetting_only_clears_the_leader_that_failed()
    {
        var map = new LeaderMap();
        map.Merge([Reply(node: 1, leader: 1, term: 5)]);

        Assert.False(map.ForgetLeader(Shard0, 2));
        Assert.True(map.ForgetLeader(Shard0, 1));
        Assert.Equal(0UL, map.Route(Shard0).LeaderNodeId);

        map.Merge([Reply(node: 1, leader: 1, term: 5)]);
        Assert.Equal(1UL, map.Route(Shard0).LeaderNodeId);
    }

    [Fact]
    public void Replicas_are_the_nodes_that_report_the_shard()
    {
        var map = new LeaderMap();

        map.Merge([Reply(node: 1, leader: 1, term: 5), Reply(node: 3, leader: 1, term: 5)]);

        Assert.Equal([1UL, 3UL], map.Route(Shard0).Replicas);
    }

    [Theory]
    [InlineData("3@127.0.0.7:7400", 3UL, "http://127.0.0.7:7400/")]
    [InlineData("12@[::1]:7101", 12UL, "http://[::1]:7101/")]
    [InlineData("1@node-1.ep.svc:80", 1UL, "http://node-1.ep.svc/")]
    public void Leader_hints_parse(string hint, ulong node, string address)
    {
        Assert.True(LeaderHint.TryParse(hint, "http", out var id, out var uri));
        Assert.Equal(node, id);
        Assert.Equal(new Uri(address), uri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("0@host:1")]
    [InlineData("x@host:1")]
    [InlineData("3@host")]
    [InlineData("3@[::1]")]
    [InlineData("3@host:99999")]
    public void Malformed_hints_mean_no_leader_known(string? hint) =>
        Assert.False(LeaderHint.TryParse(hint, "http", out _, out _));

    private static TopologyReply Reply(ulong node, ulong leader, ulong term)
    {
        var reply = new TopologyReply { NodeId = node };
        for (var id = 1UL; id <= 3; id++)
        {
            reply.Nodes.Add(new TopologyNode { NodeId = id, Address = $"http://127.0.0.1:710{id}" });
        }

        var type = new EntityTypeTopology { Name = "accounts", Shards = 4 };
        type.Leaders.Add(new ShardLeader { ShardId = 0, LeaderNodeId = leader, Term = term });
        reply.EntityTypes.Add(type);
        return reply;
    }
}
