using EntityPlatform.Client.Tests.Cluster;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>One healthy 3-node cluster shared by the end-to-end tests that do not inject failures.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public NodeCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = NodeCluster.Start(3, SampleTypes.Manifests(shards: 4), "shared");
        try
        {
            await Cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            Cluster.Dispose();
            throw;
        }
    }

    public EntityPlatformClient NewClient(Action<EntityPlatformClientOptions>? configure = null)
    {
        var options = new EntityPlatformClientOptions { Endpoints = Cluster.Endpoints.ToList() };
        configure?.Invoke(options);
        return new EntityPlatformClient(options);
    }

    public Task DisposeAsync()
    {
        Cluster?.Dispose();
        return Task.CompletedTask;
    }
}
