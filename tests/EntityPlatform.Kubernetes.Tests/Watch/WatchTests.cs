using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Watch;

/// <summary>One watch request: event order, resume, bookmarks, 410 and the watchdog.</summary>
public sealed class WatchTests
{
    private static WatchOptions From(string? version, TimeSpan? idle = null) => new()
    {
        ResourceVersion = version,
        Timeout = TimeSpan.FromSeconds(30),
        IdleTimeout = idle ?? TimeSpan.FromSeconds(5),
    };

    private static async Task<List<WatchEvent<V1ConfigMap>>> Collect(
        IAsyncEnumerable<WatchEvent<V1ConfigMap>> watch, int count, bool skipBookmarks = true)
    {
        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var change in watch)
        {
            if (!skipBookmarks || change.Type != WatchEventType.Bookmark)
            {
                events.Add(change);
            }
            if (events.Count == count)
            {
                break;
            }
        }
        return events;
    }

    [Fact]
    public async Task A_watch_from_a_version_replays_only_later_changes_in_order()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("before"));
        var list = await cluster.Client.ListAsync<V1ConfigMap>(TestCluster.Namespace);
        var a = await cluster.Client.CreateAsync(Objects.ConfigMap("a"));
        a.Data!["key"] = "2";
        await cluster.Client.UpdateAsync(a);
        await cluster.Client.DeleteAsync<V1ConfigMap>(TestCluster.Namespace, "a");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = await Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(list.Metadata.ResourceVersion), timeout.Token), 3);

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("a", e.Object.Metadata.Name));
        Assert.Equal("2", events[1].Object.Data!["key"]);
    }

    [Fact]
    public async Task A_watch_without_a_version_starts_with_the_current_objects()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        await cluster.Client.CreateAsync(Objects.ConfigMap("y"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = await Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(null), timeout.Token), 2);
        Assert.Equal(["x", "y"], events.Select(e => e.Object.Metadata.Name!));
        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
    }

    [Fact]
    public async Task Bookmarks_arrive_on_a_quiet_watch_and_carry_a_resume_version()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        await cluster.Client.CreateAsync(Objects.StatefulSet("other-kind")); // moves the global version past x's
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var bookmark = (await Collect(
            cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(created.Metadata.ResourceVersion), timeout.Token), 1, skipBookmarks: false))[0];

        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.True(long.Parse(bookmark.ResourceVersion!) > long.Parse(created.Metadata.ResourceVersion!));
        var request = Assert.Single(cluster.Emulator.Requests, r => r.Contains("watch=true", StringComparison.Ordinal));
        Assert.Contains("allowWatchBookmarks=true", request, StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds=30", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_version_throws_Gone_from_the_ERROR_event()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        await cluster.Client.CreateAsync(Objects.ConfigMap("y"));
        cluster.Emulator.Store.CompactHistory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var gone = await Assert.ThrowsAsync<GoneException>(() =>
            Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(created.Metadata.ResourceVersion), timeout.Token), 1));
        Assert.Equal("Expired", gone.Reason);
    }

    [Fact]
    public async Task A_watch_answered_with_HTTP_410_throws_Gone_too()
    {
        await using var cluster = await TestCluster.StartAsync(new EntityPlatform.Kubernetes.Emulation.EmulatorOptions { WatchGoneAsHttpStatus = true });
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        await cluster.Client.CreateAsync(Objects.ConfigMap("y"));
        cluster.Emulator.Store.CompactHistory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var gone = await Assert.ThrowsAsync<GoneException>(() =>
            Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(created.Metadata.ResourceVersion), timeout.Token), 1));
        Assert.Equal(System.Net.HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task An_open_watch_expired_by_the_server_throws_Gone()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(created.Metadata.ResourceVersion), timeout.Token), 5);
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        cluster.Emulator.Store.ExpireWatches();

        await Assert.ThrowsAsync<GoneException>(() => watching);
    }

    [Fact]
    public async Task A_watch_that_goes_silent_trips_the_watchdog()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Collect(cluster.Client.WatchAsync<V1ConfigMap>(
            TestCluster.Namespace, From(created.Metadata.ResourceVersion, idle: TimeSpan.FromSeconds(1)), timeout.Token), 100, skipBookmarks: false);
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        cluster.Emulator.Store.StallWatches();

        await Assert.ThrowsAsync<WatchIdleException>(() => watching);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task A_dropped_connection_surfaces_as_an_error_not_as_a_normal_end()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, From(created.Metadata.ResourceVersion), timeout.Token), 100);
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        cluster.Emulator.Store.DropWatches();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => watching);
        Assert.True(error is IOException or HttpRequestException, error.ToString());
    }

    [Fact]
    public async Task The_server_ends_a_watch_at_its_timeout_and_the_stream_completes()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("x"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = From(created.Metadata.ResourceVersion) with { Timeout = TimeSpan.FromSeconds(1) };

        var events = await Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, options, timeout.Token), 100);

        Assert.Empty(events);
        Assert.False(timeout.IsCancellationRequested);
    }
}
