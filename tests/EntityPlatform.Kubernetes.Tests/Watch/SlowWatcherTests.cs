using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Kubernetes.Watching;

namespace EntityPlatform.Kubernetes.Tests.Watch;

/// <summary>Bounded queues on the server: a watch that falls behind is cut off, and the informer still misses nothing.</summary>
public sealed class SlowWatcherTests
{
    /// <param name="initialVersion">
    /// 1: the list carries a real version, so the informer resumes in steps of 4 without relisting.
    /// 0: the empty list says "0", so the watch opens with synthetic ADDED events in name order; when
    /// that burst is cut, resuming from the last event would skip objects, so the informer relists.
    /// </param>
    [Theory]
    [InlineData(1L, false)]
    [InlineData(0L, true)]
    public async Task A_watch_whose_server_queue_overflows_is_closed_and_the_informer_misses_nothing(long initialVersion, bool relists)
    {
        await using var cluster = await TestCluster.StartAsync(new EmulatorOptions
        {
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
            WatchQueueCapacity = 4,
            InitialResourceVersion = initialVersion,
        });
        var informer = new Informer<V1ConfigMap>(cluster.Client, new InformerOptions
        {
            Namespace = TestCluster.Namespace,
            WatchTimeout = TimeSpan.FromSeconds(30),
            IdleTimeout = TimeSpan.FromSeconds(1),
            BackoffBase = TimeSpan.FromMilliseconds(20),
            BackoffMax = TimeSpan.FromMilliseconds(200),
        });
        using var stop = new CancellationTokenSource();
        var loop = informer.RunAsync(stop.Token);
        try
        {
            await informer.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");
            // While the watch is silent, 40 changes pile up; the resumed watch must replay them through a queue of 4.
            cluster.Emulator.Store.StallWatches();
            for (var i = 0; i < 40; i++)
            {
                await cluster.Client.CreateAsync(Objects.ConfigMap($"burst-{i}"));
            }

            await Eventually.TrueAsync(() => informer.List().Count == 40, "the informer holds all 40 objects");
            Assert.Equal(relists, informer.Stats.Lists > 1);
            if (!relists)
            {
                Assert.True(cluster.Emulator.Store.SlowWatchesClosed >= 1, "the resumed watch overflowed its queue");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
