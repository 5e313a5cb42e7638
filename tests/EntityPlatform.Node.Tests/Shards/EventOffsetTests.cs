using System.Text;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Shards;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Node.Tests.Shards;

/// <summary>Issue 17, item 1: event offsets are dense per shard, count only events, and are replicated state.</summary>
public sealed class EventOffsetTests
{
    private static readonly Guid Session = Guid.Parse("7d444840-9dc0-11d1-b245-5ffdce74fad2");

    private static EntityTypeRegistry Registry() => new EntityTypeRegistry().AddEntityType<Counter>("counters");

    private static byte[] Accepted(ulong requestId, int events) => ShardEntryCodec.Encode(new ShardEntry(
        ShardEntryKind.Accepted, "counters", "a", Session, requestId,
        Enumerable.Range(0, events).Select(_ => Encoding.UTF8.GetBytes("""{"type":"incremented","by":1}""")).ToArray(), null));

    private static byte[] Rejected(ulong requestId) => ShardEntryCodec.Encode(new ShardEntry(
        ShardEntryKind.Rejected, "counters", "a", Session, requestId, [], "no"));

    [Fact]
    public void The_first_event_of_a_fresh_shard_is_offset_1_and_only_events_advance_the_offset()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        // Index 1 is the leader's no-op: a log entry, not an event (it used to make the first offset 2).
        machine.Skip(1);
        Assert.Equal(1UL, machine.Apply(2, Accepted(1, events: 1)).Reply.FirstEventOffset);
        var rejected = machine.Apply(3, Rejected(2));
        Assert.Equal(0UL, rejected.Reply.FirstEventOffset);
        Assert.Equal(2UL, machine.Apply(4, Accepted(3, events: 3)).Reply.FirstEventOffset);
        Assert.Equal(0UL, machine.Apply(5, Accepted(4, events: 0)).Reply.FirstEventOffset);
        Assert.Equal(5UL, machine.Apply(6, Accepted(5, events: 1)).Reply.FirstEventOffset);
        Assert.Equal(5UL, machine.LastEventOffset);
    }

    [Fact]
    public void A_deduplicated_retry_returns_the_original_offset_and_numbers_nothing()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        var first = machine.Apply(1, Accepted(1, events: 2));
        var retry = machine.Apply(2, Accepted(1, events: 2));
        Assert.True(retry.WasDuplicate);
        Assert.Equal(first.Reply.FirstEventOffset, retry.Reply.FirstEventOffset);
        Assert.Equal(2UL, machine.LastEventOffset);
        Assert.Equal(3UL, machine.Apply(3, Accepted(2, events: 1)).Reply.FirstEventOffset);
    }

    [Fact]
    public void The_counter_and_the_recorded_offsets_survive_a_snapshot()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        machine.Apply(1, Accepted(1, events: 4));
        using var snapshot = new MemoryStream();
        machine.WriteSnapshot(snapshot);

        var restored = new ShardStateMachine(0, Registry(), maxSessions: 100);
        snapshot.Position = 0;
        restored.RestoreSnapshot(snapshot);
        Assert.Equal(4UL, restored.LastEventOffset);
        // The dedup record kept the original offset: a retry after the restore still hears 1.
        Assert.Equal(1UL, restored.Apply(2, Accepted(1, events: 4)).Reply.FirstEventOffset);
        Assert.Equal(5UL, restored.Apply(3, Accepted(2, events: 1)).Reply.FirstEventOffset);
    }

    [Fact]
    public void A_version_2_snapshot_is_refused_with_a_message_that_says_why()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        var error = Assert.Throws<FormatException>(() => machine.RestoreSnapshot(new MemoryStream([2, 0, 0, 0])));
        Assert.Contains("dense event offsets", error.Message);
    }
}
