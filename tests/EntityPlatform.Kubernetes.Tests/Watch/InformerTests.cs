using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Kubernetes.Watching;

namespace EntityPlatform.Kubernetes.Tests.Watch;

/// <summary>
/// The list+watch loop never dies and never misses the final state, whatever the server does to its
/// watches: these are the failure modes behind KubeOps' silently stopping watchers.
/// </summary>
public sealed class InformerTests
{
    private static InformerOptions Options(TimeSpan? idle = null) => new()
    {
        Namespace = TestCluster.Namespace,
        WatchTimeout = TimeSpan.FromSeconds(30),
        IdleTimeout = idle ?? TimeSpan.FromSeconds(5),
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(200),
    };

    private sealed class Running(Informer<V1ConfigMap> informer, Task loop, CancellationTokenSource stop, HashSet<ObjectKey> notified)
        : IAsyncDisposable
    {
        public Informer<V1ConfigMap> Informer => informer;

        /// <summary>Every key the informer reported as changed (the work queue's input).</summary>
        public HashSet<ObjectKey> Notified => notified;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop.WaitAsync(TimeSpan.FromSeconds(5)); // RunAsync returns promptly on cancellation
            stop.Dispose();
        }
    }

    private static async Task<Running> Start(TestCluster cluster, InformerOptions options)
    {
        var stop = new CancellationTokenSource();
        var notified = new HashSet<ObjectKey>();
        var informer = new Informer<V1ConfigMap>(cluster.Client, options, key => { lock (notified) { notified.Add(key); } });
        var running = new Running(informer, informer.RunAsync(stop.Token), stop, notified);
        await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        return running;
    }

    /// <summary>The cache matches the server exactly: same names, same resourceVersions.</summary>
    private static async Task AssertConverges(TestCluster cluster, Informer<V1ConfigMap> informer, string what)
    {
        await Eventually.TrueAsync(async () =>
        {
            var server = (await cluster.Client.ListAsync<V1ConfigMap>(TestCluster.Namespace)).Items
                .Select(i => $"{i.Metadata.Name}@{i.Metadata.ResourceVersion}").Order().ToList();
            var cache = informer.List().Select(i => $"{i.Metadata.Name}@{i.Metadata.ResourceVersion}").Order().ToList();
            return server.SequenceEqual(cache);
        }, what);
    }

    [Fact]
    public async Task The_cache_follows_creates_updates_and_deletes()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("existing"));
        await using var running = await Start(cluster, Options());
        Assert.NotNull(running.Informer.Get(new ObjectKey(TestCluster.Namespace, "existing")));

        var added = await cluster.Client.CreateAsync(Objects.ConfigMap("added"));
        added.Data!["key"] = "changed";
        await cluster.Client.UpdateAsync(added);
        await cluster.Client.DeleteAsync<V1ConfigMap>(TestCluster.Namespace, "existing");

        await AssertConverges(cluster, running.Informer, "the cache holds only 'added', updated");
        Assert.Equal("changed", running.Informer.Get(new ObjectKey(TestCluster.Namespace, "added"))!.Data!["key"]);
    }

    [Fact]
    public async Task After_410_Gone_it_relists_and_drops_objects_deleted_meanwhile()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("doomed"));
        await using var running = await Start(cluster, Options());
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        // The watch is stalled so it cannot see the delete, then expired: only a relist can notice.
        cluster.Emulator.Store.StallWatches();
        await cluster.Client.DeleteAsync<V1ConfigMap>(TestCluster.Namespace, "doomed");
        await cluster.Client.CreateAsync(Objects.ConfigMap("born"));
        cluster.Emulator.Store.CompactHistory();
        cluster.Emulator.Store.DropWatches();

        await AssertConverges(cluster, running.Informer, "the relist replaced the cache");
        Assert.True(running.Informer.Stats.GoneRelists >= 1, running.Informer.Stats.ToString());
        Assert.True(running.Informer.Stats.Lists >= 2, running.Informer.Stats.ToString());
        lock (running.Notified)
        {
            Assert.Contains(new ObjectKey(TestCluster.Namespace, "doomed"), running.Notified);
            Assert.Contains(new ObjectKey(TestCluster.Namespace, "born"), running.Notified);
        }
    }

    [Fact]
    public async Task An_HTTP_410_on_resume_leads_to_a_relist()
    {
        await using var cluster = await TestCluster.StartAsync(new EntityPlatform.Kubernetes.Emulation.EmulatorOptions
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            WatchGoneAsHttpStatus = true,
        });
        await using var running = await Start(cluster, Options(idle: TimeSpan.FromSeconds(1)));
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        // The silent watch misses "a"; when the watchdog resumes it, its version is compacted: HTTP 410.
        cluster.Emulator.Store.StallWatches();
        await cluster.Client.CreateAsync(Objects.ConfigMap("a"));
        cluster.Emulator.Store.CompactHistory();

        await cluster.Client.CreateAsync(Objects.ConfigMap("b"));
        await AssertConverges(cluster, running.Informer, "the informer relisted after the 410 status");
        Assert.True(running.Informer.Stats.GoneRelists >= 1, running.Informer.Stats.ToString());
    }

    [Fact]
    public async Task An_ERROR_410_event_on_an_open_watch_leads_to_a_relist()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var running = await Start(cluster, Options());
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        cluster.Emulator.Store.ExpireWatches();
        await cluster.Client.CreateAsync(Objects.ConfigMap("after"));

        await AssertConverges(cluster, running.Informer, "the informer is back and saw 'after'");
        Assert.Equal(1, running.Informer.Stats.GoneRelists);
    }

    [Fact]
    public async Task A_watch_from_a_list_version_the_watching_server_has_not_reached_leads_to_a_relist()
    {
        // An HA control plane: the list came from a server further ahead than the one the watch reaches,
        // so the watch gets 504 "Too large resource version". Waiting on that version could take forever
        // (nothing may be written); a fresh list is the recovery, as client-go's reflector does it.
        await using var cluster = await TestCluster.StartAsync(new EntityPlatform.Kubernetes.Emulation.EmulatorOptions { TooLargeResourceVersionWait = TimeSpan.FromMilliseconds(200) });
        await cluster.Client.CreateAsync(Objects.ConfigMap("existing"));
        cluster.Emulator.Store.ReportListVersionsAhead(lists: 1, ahead: 1_000);
        await using var running = await Start(cluster, Options());

        await Eventually.TrueAsync(() => running.Informer.Stats.TooLargeRelists == 1, "the watch failed with too large resource version and the informer relisted");
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch from the fresh list is open");
        await cluster.Client.CreateAsync(Objects.ConfigMap("after"));
        await AssertConverges(cluster, running.Informer, "the informer is back and saw 'after'");
        Assert.Equal(2, running.Informer.Stats.Lists);
        Assert.Equal(0, running.Informer.Stats.Failures);
    }

    [Fact]
    public async Task Dropped_watches_are_resumed_and_no_change_is_missed()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var running = await Start(cluster, Options());
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var name = $"cm-{random.Next(6)}";
            var existing = await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, name);
            if (existing is null)
            {
                await cluster.Client.CreateAsync(Objects.ConfigMap(name));
            }
            else if (random.Next(3) == 0)
            {
                await cluster.Client.DeleteAsync<V1ConfigMap>(TestCluster.Namespace, name);
            }
            else
            {
                existing.Data!["key"] = $"round-{round}";
                await cluster.Client.UpdateAsync(existing);
            }
            if (round % 4 == 0)
            {
                cluster.Emulator.Store.DropWatches();
            }
        }

        await AssertConverges(cluster, running.Informer, "the level matches the server after drops");
        Assert.True(running.Informer.Stats.Failures >= 1, running.Informer.Stats.ToString());
        Assert.Equal(1, running.Informer.Stats.Lists); // resumes from the last version; no relist needed
    }

    [Fact]
    public async Task A_silent_watch_is_restarted_by_the_watchdog()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var running = await Start(cluster, Options(idle: TimeSpan.FromSeconds(1)));
        await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");

        cluster.Emulator.Store.StallWatches();
        await cluster.Client.CreateAsync(Objects.ConfigMap("while-silent"));

        await AssertConverges(cluster, running.Informer, "the restarted watch delivered the change");
        Assert.True(running.Informer.Stats.IdleRestarts >= 1, running.Informer.Stats.ToString());
    }

    [Fact]
    public async Task Watches_that_end_at_their_timeout_are_restarted_and_bookmarks_advance_the_version()
    {
        await using var cluster = await TestCluster.StartAsync();
        var options = new InformerOptions
        {
            Namespace = TestCluster.Namespace,
            WatchTimeout = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(5),
        };
        await using var running = await Start(cluster, options);
        await cluster.Client.CreateAsync(Objects.StatefulSet("other")); // a change the ConfigMap watch never sees

        await Eventually.TrueAsync(() => running.Informer.Stats.Watches >= 3, "three watches ran back to back", TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => long.Parse(running.Informer.ResourceVersion!) >= cluster.Emulator.Store.CurrentResourceVersion,
            "a bookmark moved the resume version past the StatefulSet's");
        Assert.Equal(0, running.Informer.Stats.Failures);
        Assert.True(running.Informer.Stats.Bookmarks >= 1);
    }
}
