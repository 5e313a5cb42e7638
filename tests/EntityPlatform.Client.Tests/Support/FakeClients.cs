namespace EntityPlatform.Client.Tests.Support;

/// <summary>Clients wired to a <see cref="FakeCluster"/>, with fast timings so unit tests take milliseconds.</summary>
internal static class FakeClients
{
    public static EntityPlatformClient Create(FakeCluster cluster, Action<EntityPlatformClientOptions>? configure = null, Func<double>? uniform = null)
    {
        var options = new EntityPlatformClientOptions
        {
            Endpoints = [FakeCluster.AddressOf(1), FakeCluster.AddressOf(2), FakeCluster.AddressOf(3)],
            AttemptTimeout = TimeSpan.FromMilliseconds(200),
            DefaultTimeout = TimeSpan.FromSeconds(5),
            BackoffBase = TimeSpan.FromMilliseconds(1),
            BackoffMax = TimeSpan.FromMilliseconds(5),
            TopologyRefreshMinInterval = TimeSpan.FromMilliseconds(50),
            TopologyRefreshInterval = TimeSpan.Zero,
            TopologyTimeout = TimeSpan.FromMilliseconds(100),
            BreakerBreakDuration = TimeSpan.FromMilliseconds(500),
            // Off unless a test turns it on: the other tests pin down behaviour without a topology push.
            TopologyWatchNodes = 0,
        };
        configure?.Invoke(options);
        return new EntityPlatformClient(options, cluster, null, null, null, uniform ?? (() => 0.5));
    }

    public static Task<Grpc.Api.V1.CommandReply> IncrementAsync(this EntityPlatformClient client, string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.SendCommandAsync("counter", id, """{"type":"increment","by":1}"""u8.ToArray(), timeout, cancellationToken);
}
