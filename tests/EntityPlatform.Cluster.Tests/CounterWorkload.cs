using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Background writers, each incrementing its own counter with a session and increasing request ids. Each
/// command is retried with the same id until answered, so afterwards every counter must lie between the
/// increments acknowledged and those plus the unanswered ones: never below (a lost write) and never above
/// (a duplicate).
/// </summary>
internal sealed class CounterWorkload(Func<DemoClient> client, int writers, string prefix)
{
    private readonly long[] acknowledged = new long[writers];
    private readonly long[] unanswered = new long[writers];
    private readonly CancellationTokenSource stop = new();
    private Task[] tasks = [];

    public long Acknowledged => acknowledged.Sum();

    public void Start() => tasks = Enumerable.Range(0, writers).Select(i => Task.Run(() => WriteAsync(i))).ToArray();

    public async Task StopAsync()
    {
        stop.Cancel();
        await Task.WhenAll(tasks);
    }

    private async Task WriteAsync(int writer)
    {
        var session = Guid.CreateVersion7();
        ulong requestId = 0;
        while (!stop.IsCancellationRequested)
        {
            var reply = await client().CommandAsync("counter", $"{prefix}-{writer}", """{"type":"increment","by":1}""", session, ++requestId, TimeSpan.FromSeconds(15));
            if (reply?.Accepted is not null)
            {
                Interlocked.Increment(ref acknowledged[writer]);
            }
            else
            {
                Interlocked.Increment(ref unanswered[writer]);
            }
        }
    }

    /// <summary>Reads every counter linearizably and checks it against what was acknowledged.</summary>
    public async Task AssertExactlyOnceAsync(DemoClient reader)
    {
        for (var writer = 0; writer < writers; writer++)
        {
            var value = long.Parse(await reader.QueryAsync("counter", $"{prefix}-{writer}", "value"));
            Assert.True(value >= acknowledged[writer], $"{prefix}-{writer}: value {value} lost acknowledged writes ({acknowledged[writer]} acknowledged)");
            Assert.True(value <= acknowledged[writer] + unanswered[writer],
                $"{prefix}-{writer}: value {value} exceeds acknowledged {acknowledged[writer]} + unanswered {unanswered[writer]} (a duplicate)");
        }
    }
}
