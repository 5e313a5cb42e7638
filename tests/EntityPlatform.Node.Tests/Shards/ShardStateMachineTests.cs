using System.Text;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Shards;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Node.Tests.Shards;

public sealed class ShardStateMachineTests
{
    private static readonly Guid Session = Guid.Parse("7d444840-9dc0-11d1-b245-5ffdce74fad2");

    private static EntityTypeRegistry Registry() =>
        new EntityTypeRegistry().AddEntityType<Counter>("counters").AddEntityType<Account>("accounts");

    private static byte[] Increment(string id, ulong requestId, long by, Guid? session = null) => ShardEntryCodec.Encode(new ShardEntry(
        ShardEntryKind.Accepted, "counters", id, session ?? Session, requestId,
        [Encoding.UTF8.GetBytes($$"""{"type":"incremented","by":{{by}}}""")], null));

    private static long Value(ShardStateMachine machine, string id) => ((CounterState)machine.StateOf("counters", id)).Value;

    [Fact]
    public void Applying_an_entry_changes_only_its_entity()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        machine.Apply(1, Increment("a", 1, 5));
        Assert.Equal(5, Value(machine, "a"));
        Assert.Equal(0, Value(machine, "b"));
    }

    [Fact]
    public void A_retried_request_is_applied_once_and_answered_with_the_original_reply()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        var first = machine.Apply(1, Increment("a", 1, 5));
        var retry = machine.Apply(2, Increment("a", 1, 5));
        Assert.False(first.WasDuplicate);
        Assert.True(retry.WasDuplicate);
        Assert.Equal(first.Reply.Index, retry.Reply.Index);
        Assert.Equal(5, Value(machine, "a"));
    }

    [Fact]
    public void An_older_request_than_the_sessions_latest_is_not_applied()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 100);
        machine.Apply(1, Increment("a", 2, 5));
        Assert.True(machine.Apply(2, Increment("a", 1, 5)).WasDuplicate);
        Assert.Equal(DedupVerdict.Stale, machine.Dedup.Check(Session, 1, out _));
        Assert.Equal(5, Value(machine, "a"));
    }

    [Fact]
    public void A_late_retry_of_a_session_expired_from_a_full_table_is_refused_and_never_applied_twice()
    {
        // Issue 12, item 4: the table used to forget the least recently used session and then treat its
        // late retry as new, applying the command a second time.
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 2);
        var sessions = new[] { SessionCreatedAt(1_000), SessionCreatedAt(2_000), SessionCreatedAt(3_000) };
        for (var i = 0; i < sessions.Length; i++)
        {
            machine.Apply((ulong)i + 1, Increment("a", 1, 1, sessions[i]));
        }

        var lateRetry = machine.Apply(4, Increment("a", 1, 1, sessions[0]));

        Assert.True(lateRetry.SessionExpired);
        Assert.Equal(3, Value(machine, "a"));
        Assert.Equal(2, machine.Dedup.Count);
        Assert.Equal(DedupVerdict.Expired, machine.Dedup.Check(sessions[0], 2, out _));
        Assert.Equal(DedupVerdict.Duplicate, machine.Dedup.Check(sessions[2], 1, out _));
    }

    [Fact]
    public void The_oldest_created_session_expires_first_even_if_it_was_used_last_and_newer_sessions_still_register()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 2);
        var (old, middle, young) = (SessionCreatedAt(1_000), SessionCreatedAt(2_000), SessionCreatedAt(3_000));
        machine.Apply(1, Increment("a", 1, 1, middle));
        machine.Apply(2, Increment("a", 1, 1, old));
        machine.Apply(3, Increment("a", 1, 1, young));

        Assert.Equal(DedupVerdict.Expired, machine.Dedup.Check(old, 2, out _));
        Assert.Equal(DedupVerdict.New, machine.Dedup.Check(SessionCreatedAt(1_500_000), 1, out _));
        Assert.Equal(1, machine.Dedup.ExpiredCount);
    }

    [Fact]
    public void The_dedup_table_is_bounded_by_bytes_as_well_as_by_count()
    {
        var machine = new ShardStateMachine(0, Registry(), maxSessions: 1_000, maxSessionBytes: 4_096);
        for (var i = 0; i < 200; i++)
        {
            machine.Apply((ulong)i + 1, Increment("a", 1, 1, SessionCreatedAt(1_000 + i)));
        }

        Assert.InRange(machine.Dedup.Bytes, 1, 4_096);
        Assert.True(machine.Dedup.Count < 200);
        Assert.Equal(200 - machine.Dedup.Count, machine.Dedup.ExpiredCount);
    }

    [Fact]
    public void The_expiry_watermark_survives_a_snapshot_so_a_restored_replica_refuses_the_same_late_retry()
    {
        var source = new ShardStateMachine(0, Registry(), maxSessions: 1);
        var (old, young) = (SessionCreatedAt(1_000), SessionCreatedAt(2_000));
        source.Apply(1, Increment("a", 1, 1, old));
        source.Apply(2, Increment("a", 1, 1, young));
        using var snapshot = new MemoryStream();
        source.WriteSnapshot(snapshot);

        var restored = new ShardStateMachine(0, Registry(), maxSessions: 1);
        restored.RestoreSnapshot(new MemoryStream(snapshot.ToArray()));

        Assert.True(restored.Apply(3, Increment("a", 1, 1, old)).SessionExpired);
        Assert.Equal(2, Value(restored, "a"));
    }

    /// <summary>A UUIDv7 whose creation time is <paramref name="unixMs"/>.</summary>
    private static Guid SessionCreatedAt(long unixMs) => Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));

    [Fact]
    public void A_snapshot_restores_states_dedup_and_applied_index_and_is_byte_identical_across_replicas()
    {
        var source = new ShardStateMachine(3, Registry(), maxSessions: 100);
        source.Apply(1, Increment("b", 1, 2));
        source.Apply(2, Increment("a", 2, 3));
        using var first = new MemoryStream();
        source.WriteSnapshot(first);

        var target = new ShardStateMachine(3, Registry(), maxSessions: 100);
        target.RestoreSnapshot(new MemoryStream(first.ToArray()));
        Assert.Equal(2UL, target.AppliedIndex);
        Assert.Equal(2, Value(target, "b"));
        Assert.Equal(3, Value(target, "a"));
        Assert.True(target.Apply(3, Increment("a", 2, 3)).WasDuplicate);

        using var second = new MemoryStream();
        var replay = new ShardStateMachine(3, Registry(), maxSessions: 100);
        replay.Apply(1, Increment("b", 1, 2));
        replay.Apply(2, Increment("a", 2, 3));
        replay.WriteSnapshot(second);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void A_truncated_snapshot_is_refused_and_leaves_the_state_untouched()
    {
        var source = new ShardStateMachine(0, Registry(), maxSessions: 100);
        source.Apply(1, Increment("a", 1, 4));
        using var stream = new MemoryStream();
        source.WriteSnapshot(stream);
        var target = new ShardStateMachine(0, Registry(), maxSessions: 100);
        target.Apply(1, Increment("z", 1, 9));
        Assert.Throws<FormatException>(() => target.RestoreSnapshot(new MemoryStream(stream.ToArray()[..^3])));
        Assert.Equal(9, Value(target, "z"));
        Assert.Equal(1UL, target.AppliedIndex);
    }

    [Fact]
    public void An_entry_for_an_entity_type_this_node_does_not_host_stops_with_a_clear_error()
    {
        var machine = new ShardStateMachine(0, new EntityTypeRegistry().AddEntityType<Account>("accounts"), maxSessions: 10);
        var error = Assert.Throws<InvalidOperationException>(() => machine.Apply(1, Increment("a", 1, 1)));
        Assert.Contains("entity type 'counters'", error.Message);
    }
}
