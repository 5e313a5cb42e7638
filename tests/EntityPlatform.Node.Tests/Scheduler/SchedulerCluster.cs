using System.Text;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Carts;
using EntityPlatform.Samples.Counter;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Three schedulers in one process: real storage engine (in-memory device), in-memory network.</summary>
internal sealed class SchedulerCluster : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ep-sched-").FullName;
    private readonly Dictionary<ulong, MultiRaftScheduler> nodes = [];
    private readonly Dictionary<ulong, LogEngine> engines = [];
    private readonly Dictionary<ulong, MemoryLogDevice> devices = [];

    private readonly LogEngineOptions? engineOptions;

    public SchedulerCluster(int shards = 4, int nodeCount = 3, ulong snapshotEvery = 10_000, Func<ulong, TimeProvider>? clocks = null, LogEngineOptions? engineOptions = null)
    {
        this.engineOptions = engineOptions;
        Catalog = new ShardCatalog().Add("counters", shards).Add("accounts", shards).Add("carts", shards);
        var replicaSets = new Dictionary<ShardId, IReadOnlyList<ulong>>();
        foreach (var shard in Catalog.AllShards())
        {
            // Rotate preferred leaders across nodes.
            var first = (ulong)(shard.Shard % nodeCount) + 1;
            replicaSets[shard] = Enumerable.Range(0, nodeCount).Select(i => ((first - 1 + (ulong)i) % (ulong)nodeCount) + 1).ToArray();
        }

        Placement = new NodePlacement(1, replicaSets);
        Options = id => new SchedulerOptions
        {
            NodeId = id, SnapshotEveryEntries = snapshotEvery, EntriesKeptAfterSnapshot = 10, Clock = clocks?.Invoke(id) ?? TimeProvider.System,
        };
        for (ulong id = 1; id <= (ulong)nodeCount; id++)
        {
            Start(id, new MemoryLogDevice(seed: (int)id));
        }
    }

    public ShardCatalog Catalog { get; }
    public NodePlacement Placement { get; }
    public Func<ulong, SchedulerOptions> Options { get; }
    public InProcessNetwork Network { get; } = new();
    public IReadOnlyDictionary<ulong, MultiRaftScheduler> Nodes => nodes;

    /// <summary>The fake disk under a node's log (to fill it, or give space back).</summary>
    public MemoryLogDevice Device(ulong id) => devices[id];

    /// <summary>A node's log size as its engine publishes it (safe to read from any thread).</summary>
    public long LogBytes(ulong id) => engines[id].Metrics.LogBytes;

    public void Start(ulong id, MemoryLogDevice device) => Start(id, device, Placement);

    public void Start(ulong id, MemoryLogDevice device, NodePlacement placement)
    {
        devices[id] = device;
        var engine = LogEngine.Open(device, engineOptions);
        var types = new EntityTypeRegistry().AddEntityType<Counter>("counters").AddEntityType<Account>("accounts").AddEntityType<Cart>("carts");
        var snapshots = new SnapshotStore(Path.Combine(directory, $"n{id}"));
        var scheduler = new MultiRaftScheduler(Options(id), Catalog, types, engine,
            snapshots, new InProcessTransport(id, Network, snapshots),
            Environment.GetEnvironmentVariable("EP_TEST_LOG") is { } log ? new FileLogger<MultiRaftScheduler>(log, id) : NullLogger<MultiRaftScheduler>.Instance);
        engines[id] = engine;
        nodes[id] = scheduler;
        Network.Attach(id, scheduler);
        scheduler.Start(placement);
    }

    public async Task StopAsync(ulong id)
    {
        Network.Detach(id);
        await nodes[id].DisposeAsync();
        nodes.Remove(id);
        engines[id].Dispose();
        engines.Remove(id);
    }

    /// <summary>Every replica set as the nodes report them: shard → node ids holding a replica.</summary>
    public async Task<Dictionary<ShardId, ulong[]>> ReplicaSetsAsync()
    {
        var sets = new Dictionary<ShardId, List<ulong>>();
        foreach (var node in nodes.Values)
        {
            foreach (var replica in await node.StatusAsync())
            {
                if (!replica.Raft.ConfState.AllMembers.Contains(node.NodeId))
                {
                    continue;
                }

                if (!sets.TryGetValue(replica.Shard, out var list))
                {
                    sets[replica.Shard] = list = [];
                }

                list.Add(node.NodeId);
            }
        }

        return sets.ToDictionary(pair => pair.Key, pair => pair.Value.Order().ToArray());
    }

    /// <summary>Stops a node, loses whatever its device had not synced (a crash), and starts it again.</summary>
    public async Task CrashAndRestartAsync(ulong id)
    {
        var device = devices[id];
        await StopAsync(id);
        device.Crash();
        Start(id, device);
    }

    /// <summary>Sends a command to whichever node leads its shard, following NotLeader/Retry answers until the deadline.</summary>
    public async Task<RequestResult> SendAsync(string type, string id, string json, Guid session, ulong requestId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var shard = Catalog.ShardOf(type, id);
        RequestResult last = RequestResult.Fail(RequestStatus.NotLeader, "no attempt");
        while (DateTime.UtcNow < deadline)
        {
            foreach (var node in nodes.Values.ToArray())
            {
                var request = new CommandRequest(shard, id, Encoding.UTF8.GetBytes(json), session, requestId, DateTime.UtcNow.AddSeconds(2));
                last = await node.SubmitCommand(request);
                if (last.Status is not (RequestStatus.NotLeader or RequestStatus.Retry or RequestStatus.DeadlineExceeded))
                {
                    return last;
                }
            }

            await Task.Delay(20);
        }

        return last;
    }

    public Task<RequestResult> QueryAsync(ulong node, string type, string id, string queryName, ReadConsistency consistency) =>
        nodes[node].SubmitQuery(new QueryRequest(Catalog.ShardOf(type, id), id, queryName, [], consistency, TimeSpan.FromSeconds(1), DateTime.UtcNow.AddSeconds(5)));

    /// <summary>Queries one node, retrying while it does not know its leader yet (just restarted), up to a deadline.</summary>
    public async Task<RequestResult> QueryUntilAnsweredAsync(ulong node, string type, string id, string queryName, ReadConsistency consistency)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var result = await QueryAsync(node, type, id, queryName, consistency);
            if (result.Status != RequestStatus.NotLeader || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(20);
        }
    }

    public async Task<ulong> LeaderOfAsync(ShardId shard)
    {
        foreach (var node in nodes.Values)
        {
            var status = await node.StatusAsync();
            var replica = status.FirstOrDefault(s => s.Shard == shard);
            if (replica is not null && replica.Raft.Role == Consensus.Messages.StateRole.Leader)
            {
                return node.NodeId;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in nodes.Keys.ToArray())
        {
            await StopAsync(id);
        }

        Directory.Delete(directory, recursive: true);
    }
}
