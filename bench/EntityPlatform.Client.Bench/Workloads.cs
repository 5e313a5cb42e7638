using System.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Samples.Counter;
using Google.Protobuf;

namespace EntityPlatform.Client.Bench;

/// <summary>
/// The same work three ways: each caller increments its own counter, one command after another, for a fixed
/// time. Raw calls go straight to the shard's leader (found beforehand) with the session and request ids a
/// careful hand-written client would send; the SDK calls route, retry and measure by themselves.
/// </summary>
internal static class Workloads
{
    private static readonly byte[] Increment = """{"type":"increment","by":1}"""u8.ToArray();
    private static readonly Counter CounterType = new();

    public static async Task<LatencyLog> RawAsync(NodeCluster cluster, int callers, TimeSpan duration)
    {
        var channels = cluster.Nodes.ToDictionary(node => node.Id, node => Channels.Create(node.GrpcAddress));
        try
        {
            var clients = new EntityService.EntityServiceClient[callers];
            for (var i = 0; i < callers; i++)
            {
                clients[i] = new EntityService.EntityServiceClient(channels[await LeaderLookup.LeaderOfAsync(cluster, "counter", $"bench-{i}")]);
            }

            return await RunAsync(callers, duration, i =>
            {
                var session = Guid.CreateVersion7().ToString();
                ulong requestId = 0;
                return () => clients[i].CommandAsync(new CommandRequest
                {
                    EntityType = "counter",
                    EntityId = $"bench-{i}",
                    Payload = ByteString.CopyFrom(Increment),
                    ClientSessionId = session,
                    RequestId = ++requestId,
                }, deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync;
            });
        }
        finally
        {
            foreach (var channel in channels.Values)
            {
                channel.Dispose();
            }
        }
    }

    public static Task<LatencyLog> SdkBytesAsync(EntityPlatformClient client, int callers, TimeSpan duration) =>
        RunAsync(callers, duration, i => () => client.SendCommandAsync("counter", $"bench-{i}", Increment));

    public static Task<LatencyLog> SdkTypedAsync(EntityPlatformClient client, int callers, TimeSpan duration) =>
        RunAsync(callers, duration, i =>
        {
            var counter = client.Entity(CounterType, "counter", $"bench-{i}");
            return () => counter.SendAsync(new CounterCommand.Increment(1));
        });

    private static async Task<LatencyLog> RunAsync(int callers, TimeSpan duration, Func<int, Func<Task>> makeCaller)
    {
        var log = new LatencyLog();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            var send = makeCaller(i);
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                await send();
                log.Add(clock.Elapsed - started);
            }
        })));
        return log;
    }
}
