using System.Net;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Watch;

/// <summary>
/// Watch semantics the API server documents (api-concepts: "Watches" with label selectors, and
/// "Unavailable resource versions"), which an informer with a selector or behind an HA control plane
/// depends on.
/// </summary>
public sealed class WatchSelectorAndVersionTests
{
    private static WatchOptions Selected(string? version, string selector) => new()
    {
        ResourceVersion = version,
        Timeout = TimeSpan.FromSeconds(30),
        IdleTimeout = TimeSpan.FromSeconds(5),
        Selectors = new ListOptions { LabelSelector = selector },
    };

    private static async Task<List<WatchEvent<V1ConfigMap>>> Collect(IAsyncEnumerable<WatchEvent<V1ConfigMap>> watch, int count)
    {
        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var change in watch)
        {
            if (change.Type != WatchEventType.Bookmark)
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

    private static async Task RelabelAsync(TestCluster cluster, string name, string app)
    {
        var map = (await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, name))!;
        map.Metadata.Labels = new Dictionary<string, string> { ["app"] = app };
        await cluster.Client.UpdateAsync(map);
    }

    [Fact]
    public async Task An_object_leaving_a_watched_selector_is_DELETED_and_one_entering_it_is_ADDED()
    {
        // The API server's cacher compares the old and new object against the selector: leaving it is a
        // DELETED carrying the last matching state at the new resourceVersion, entering it an ADDED, and a
        // change outside it is not sent at all.
        await using var cluster = await TestCluster.StartAsync();
        var start = (await cluster.Client.ListAsync<V1ConfigMap>(TestCluster.Namespace)).Metadata.ResourceVersion;
        await cluster.Client.CreateAsync(Objects.ConfigMap("m", labels: new() { ["app"] = "a" }));
        await RelabelAsync(cluster, "m", "b");
        var outside = (await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "m"))!;
        outside.Data!["key"] = "changed while outside";
        var left = (await cluster.Client.UpdateAsync(outside)).Metadata.ResourceVersion;
        await RelabelAsync(cluster, "m", "a");

        // Live and replayed from history alike.
        foreach (var version in new[] { start, null })
        {
            // The replayed watch's connection closes asynchronously; until it has, "one open watch" below would
            // count it instead of the live one, and the relabels could run before the live watch exists.
            await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 0, "the previous watch is closed");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var watch = cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, Selected(version, "app=a"), timeout.Token);
            if (version is null)
            {
                // Live: the object is in the selector now, so the watch opens with it; then it leaves and returns.
                var live = Collect(watch, 3);
                await Eventually.TrueAsync(() => cluster.Emulator.Store.OpenWatches == 1, "the watch is open");
                await RelabelAsync(cluster, "m", "b");
                await RelabelAsync(cluster, "m", "a");
                var events = await live;
                Assert.Equal([WatchEventType.Added, WatchEventType.Deleted, WatchEventType.Added], events.Select(e => e.Type));
                Assert.Equal("a", events[1].Object.Metadata.Labels!["app"]);
            }
            else
            {
                var events = await Collect(watch, 3);
                Assert.Equal([WatchEventType.Added, WatchEventType.Deleted, WatchEventType.Added], events.Select(e => e.Type));
                var deleted = events[1].Object;
                Assert.Equal("a", deleted.Metadata.Labels!["app"]); // the last state that matched
                Assert.True(long.Parse(deleted.Metadata.ResourceVersion!) < long.Parse(left!), "DELETED carries the version of the change that moved it out");
                Assert.Equal("changed while outside", events[2].Object.Data!["key"]);
            }
        }
    }

    [Fact]
    public async Task A_watch_from_a_version_the_server_has_not_reached_fails_with_504_too_large_resource_version()
    {
        await using var cluster = await TestCluster.StartAsync(new EmulatorOptions { TooLargeResourceVersionWait = TimeSpan.FromMilliseconds(300) });
        var current = cluster.Emulator.Store.CurrentResourceVersion;
        var future = (current + 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<TooLargeResourceVersionException>(() =>
            Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, Selected(future, "app=a"), timeout.Token), 1));
        Assert.Equal(HttpStatusCode.GatewayTimeout, error.StatusCode);
        Assert.Equal("Timeout", error.Reason);
        Assert.Contains($"Timeout: Too large resource version: {future}, current: {current}", error.Message, StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", Assert.Single(error.Status!.Details!.Causes!).Reason);
    }

    [Fact]
    public async Task A_watch_from_a_version_reached_within_the_wait_proceeds()
    {
        await using var cluster = await TestCluster.StartAsync(new EmulatorOptions { TooLargeResourceVersionWait = TimeSpan.FromSeconds(5) });
        var next = (cluster.Emulator.Store.CurrentResourceVersion + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watch = Collect(cluster.Client.WatchAsync<V1ConfigMap>(TestCluster.Namespace, Selected(next, "app=a"), timeout.Token), 1);
        await cluster.Client.CreateAsync(Objects.ConfigMap("first", labels: new() { ["app"] = "a" }));   // reaches `next`
        await cluster.Client.CreateAsync(Objects.ConfigMap("second", labels: new() { ["app"] = "a" }));
        Assert.Equal("second", Assert.Single(await watch).Object.Metadata.Name);
    }

    [Fact]
    public async Task A_list_from_a_version_the_server_has_not_reached_fails_with_504_too_large_resource_version()
    {
        await using var cluster = await TestCluster.StartAsync(new EmulatorOptions { TooLargeResourceVersionWait = TimeSpan.FromMilliseconds(200) });
        var current = cluster.Emulator.Store.CurrentResourceVersion;
        using var http = new HttpClient { BaseAddress = cluster.Emulator.BaseAddress };
        using var response = await http.GetAsync($"/api/v1/namespaces/{TestCluster.Namespace}/configmaps?resourceVersion={current + 50}");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains($"Too large resource version: {current + 50}, current: {current}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
