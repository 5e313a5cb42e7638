using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// Issue 12, item 6 (the "poison command"): a valid command whose event is larger than the log's entry
/// limit used to reach storage, where Append threw and stopped the node's whole multi-Raft loop.
/// </summary>
public sealed class OversizedCommandTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_command_whose_entry_exceeds_the_log_limit_is_refused_naming_both_sizes_and_the_node_keeps_serving()
    {
        await using var cluster = new SchedulerCluster(shards: 1);
        var sku = new string('x', 1 << 20);
        var oversized = await cluster.SendAsync("carts", "cart-1", $$"""{"type":"addItem","sku":"{{sku}}","quantity":1}""", Guid.CreateVersion7(), 1);

        Assert.Equal(RequestStatus.InvalidArgument, oversized.Status);
        Assert.Contains("entry limit is 1048320 bytes", oversized.Message);
        Assert.Matches(@"log entry of \d{7} bytes", oversized.Message);

        // The same shard (one shard per type here) and every other type still take commands.
        var cart = await cluster.SendAsync("carts", "cart-1", """{"type":"addItem","sku":"apple","quantity":1}""", Guid.CreateVersion7(), 1);
        var counter = await cluster.SendAsync("counters", "c", """{"type":"increment","by":1}""", Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, cart.Status);
        Assert.Equal(RequestStatus.Ok, counter.Status);
    }
}
