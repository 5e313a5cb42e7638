using System.Text;
using EntityPlatform.Storage.Events;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Events;

/// <summary>The per-replica event log: dense reads, restart, retention trims, and the snapshot restart point.</summary>
public sealed class EventLogStoreTests
{
    private static readonly EventLogOptions SmallIndex = new() { IndexEveryEvents = 4, TrimStepsPerPass = 2 };

    [Fact]
    public void Reads_return_the_events_from_the_asked_offset_in_order_bounded_by_the_batch()
    {
        using var dir = new TempDirectory();
        using var store = EventLogStore.Open(dir.Path, SmallIndex);
        Append(store, 1, 20);

        var read = new List<StoredEvent>();
        Assert.Equal(EventReadStatus.Ok, store.Read(7, maxEvents: 5, maxBytes: 1 << 20, read, out var oldest));
        Assert.Equal([7UL, 8, 9, 10, 11], read.Select(e => e.Offset));
        Assert.Equal("entity-9", read[2].EntityId);
        Assert.Equal("payload-9", Encoding.UTF8.GetString(read[2].Payload));
        Assert.Equal(1UL, oldest);

        read.Clear();
        Assert.Equal(EventReadStatus.Ok, store.Read(21, maxEvents: 5, maxBytes: 1 << 20, read, out _));
        Assert.Empty(read);
    }

    [Fact]
    public void A_replayed_offset_is_ignored_and_a_jump_restarts_the_log_as_a_snapshot_start()
    {
        using var dir = new TempDirectory();
        using var store = EventLogStore.Open(dir.Path, SmallIndex);
        Append(store, 1, 5);
        Assert.False(store.Append(3, "entity-3", "again"u8));
        Assert.Equal(5UL, store.LastOffset);

        Assert.True(store.Append(9, "entity-9", "payload-9"u8));
        Assert.Equal(9UL, store.FirstOffset);
        Assert.Equal(EventLogStart.Snapshot, store.Start);
        var read = new List<StoredEvent>();
        Assert.Equal(EventReadStatus.NotOnReplica, store.Read(4, 10, 1 << 20, read, out var oldest));
        Assert.Equal(9UL, oldest);
        Assert.Equal(EventReadStatus.Ok, store.Read(9, 10, 1 << 20, read, out _));
        Assert.Equal([9UL], read.Select(e => e.Offset));
    }

    [Fact]
    public void StartAt_past_the_head_after_a_snapshot_install_makes_older_offsets_not_on_this_replica()
    {
        using var dir = new TempDirectory();
        using var store = EventLogStore.Open(dir.Path, SmallIndex);
        store.StartAt(1);
        Assert.Equal(1UL, store.FirstOffset);
        Assert.Equal(EventLogStart.Retention, store.Start);

        store.StartAt(101);
        Assert.Equal(101UL, store.FirstOffset);
        Assert.Equal(100UL, store.LastOffset);
        Assert.Equal(EventReadStatus.NotOnReplica, store.Read(50, 10, 1 << 20, [], out var oldest));
        Assert.Equal(101UL, oldest);
        Append(store, 101, 103);
        var read = new List<StoredEvent>();
        Assert.Equal(EventReadStatus.Ok, store.Read(101, 10, 1 << 20, read, out _));
        Assert.Equal([101UL, 102, 103], read.Select(e => e.Offset));
    }

    [Fact]
    public void A_restart_keeps_the_flushed_events_the_snapshot_start_and_the_trimmed_head()
    {
        using var dir = new TempDirectory();
        var time = new SteppedTime();
        using (var store = EventLogStore.Open(dir.Path, SmallIndex, time))
        {
            store.StartAt(11);
            Append(store, 11, 30);
            store.FlushAndWait();
        }

        using (var reopened = EventLogStore.Open(dir.Path, SmallIndex, time))
        {
            Assert.Equal(11UL, reopened.FirstOffset);
            Assert.Equal(30UL, reopened.LastOffset);
            Assert.Equal(EventLogStart.Snapshot, reopened.Start);
            var read = new List<StoredEvent>();
            Assert.Equal(EventReadStatus.Ok, reopened.Read(25, 100, 1 << 20, read, out _));
            Assert.Equal([25UL, 26, 27, 28, 29, 30], read.Select(e => e.Offset));
            Assert.True(reopened.Trim(new EventRetention(null, MaxBytes: 1)) > 0);
            reopened.FlushAndWait();
        }

        using var trimmed = EventLogStore.Open(dir.Path, SmallIndex, time);
        Assert.True(trimmed.FirstOffset > 11, $"first offset {trimmed.FirstOffset} after a trim");
        Assert.Equal(EventLogStart.Retention, trimmed.Start);
        Assert.Equal(30UL, trimmed.LastOffset);
    }

    [Fact]
    public void Retention_by_bytes_trims_whole_intervals_a_bounded_number_per_pass_and_reports_the_oldest_offset()
    {
        using var dir = new TempDirectory();
        using var store = EventLogStore.Open(dir.Path, SmallIndex);
        Append(store, 1, 40);
        var before = store.Bytes;

        // Two intervals of four events per pass (TrimStepsPerPass), however far over the bound the log is.
        Assert.Equal(2, store.Trim(new EventRetention(null, MaxBytes: 1)));
        Assert.Equal(9UL, store.FirstOffset);
        Assert.True(store.Bytes < before);
        while (store.Trim(new EventRetention(null, MaxBytes: 1)) > 0)
        {
        }

        // The newest interval stays: a replica never trims what it just appended.
        Assert.Equal(37UL, store.FirstOffset);
        var read = new List<StoredEvent>();
        Assert.Equal(EventReadStatus.BehindRetention, store.Read(5, 10, 1 << 20, read, out var oldest));
        Assert.Equal(37UL, oldest);
        Assert.Equal(EventReadStatus.Ok, store.Read(37, 10, 1 << 20, read, out _));
        Assert.Equal([37UL, 38, 39, 40], read.Select(e => e.Offset));
    }

    [Fact]
    public void Retention_by_age_trims_only_intervals_older_than_the_bound()
    {
        using var dir = new TempDirectory();
        var time = new SteppedTime();
        using var store = EventLogStore.Open(dir.Path, SmallIndex, time);
        Append(store, 1, 8);
        time.Advance(TimeSpan.FromHours(2));
        Append(store, 9, 16);
        var retention = new EventRetention(TimeSpan.FromHours(1), MaxBytes: null);

        // Index points at 1, 5, 9, 13. An interval goes once the point after it is past the bound (so all of
        // it is): [1, 5) goes; [5, 9) is old too, but only point 9's time bounds it, and that is recent.
        Assert.Equal(1, store.Trim(retention));
        Assert.Equal(5UL, store.FirstOffset);
        Assert.Equal(0, store.Trim(retention));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, store.Trim(retention));
        Assert.Equal(13UL, store.FirstOffset);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_the_offset_is_published()
    {
        using var dir = new TempDirectory();
        using var store = EventLogStore.Open(dir.Path, SmallIndex);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wait = store.WaitForAsync(1, TimeSpan.FromMinutes(5), deadline.Token);
        Assert.False(wait.IsCompleted);
        Append(store, 1, 1);
        store.Publish();
        await wait;
        Assert.False(deadline.IsCancellationRequested);
    }

    [Fact]
    public void The_loop_commits_a_log_with_new_records_at_most_once_per_commit_interval()
    {
        using var dir = new TempDirectory();
        var time = new SteppedTime();
        var options = SmallIndex with { CommitInterval = TimeSpan.FromMilliseconds(250) };
        using var store = EventLogStore.Open(dir.Path, options, time);
        Append(store, 1, 3);
        Assert.False(store.Flush()); // the log was opened (a commit point) less than an interval ago

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(store.Flush());
        Append(store, 4, 4);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(store.Flush());
        time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.True(store.Flush());

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(store.Flush()); // nothing new since the last commit
    }

    [Fact]
    public void Commits_overwrite_two_slots_of_one_file_instead_of_creating_a_file_per_commit()
    {
        using var dir = new TempDirectory();
        var time = new SteppedTime();
        using (var store = EventLogStore.Open(dir.Path, SmallIndex, time))
        {
            for (ulong offset = 1; offset <= 20; offset++)
            {
                Append(store, offset, offset);
                store.FlushAndWait();
            }
        }

        var files = Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Select(path => Path.GetFileName(path)!).Order().ToArray();
        Assert.Equal(new[] { "commit-slots", "events.log.0" }, files);
        using var reopened = EventLogStore.Open(dir.Path, SmallIndex, time);
        Assert.Equal(20UL, reopened.LastOffset);
    }

    [Theory]
    [InlineData("7d", "1Gi", 7 * 24 * 3600, 1L << 30)]
    [InlineData("90m", null, 90 * 60, null)]
    [InlineData(null, "512Mi", null, 512L << 20)]
    public void Retention_parses_the_manifest_form(string? age, string? bytes, int? seconds, long? expectedBytes)
    {
        var retention = EventRetention.Parse(age, bytes, "test");
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), retention.MaxAge);
        Assert.Equal(expectedBytes, retention.MaxBytes);
    }

    [Theory]
    [InlineData("7", null, "maxAge")]
    [InlineData("-1d", null, "maxAge")]
    [InlineData(null, "1GB", "maxBytes")]
    public void Bad_retention_names_the_field(string? age, string? bytes, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => EventRetention.Parse(age, bytes, "manifest.yaml"));
        Assert.Contains("spec.events.retention." + field, error.Message);
    }

    private static void Append(EventLogStore store, ulong from, ulong through)
    {
        for (var offset = from; offset <= through; offset++)
        {
            Assert.True(store.Append(offset, $"entity-{offset}", Encoding.UTF8.GetBytes($"payload-{offset}")));
        }
    }
}
