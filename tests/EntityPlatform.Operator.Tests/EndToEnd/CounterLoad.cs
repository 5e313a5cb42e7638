using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Operator.Tests.EndToEnd;

/// <summary>
/// Client load: writers each incrementing their own counter with one session and increasing request ids;
/// a command is retried with the same ids until answered (DemoClient), so afterwards every counter must
/// lie between its acknowledged increments and those plus the unanswered ones.
/// </summary>
internal sealed class CounterLoad(DemoClient client, int writers, string prefix)
{
    private readonly long[] _acknowledged = new long[writers];
    private readonly long[] _unanswered = new long[writers];
    private readonly CancellationTokenSource _stop = new();
    private long _rejected;
    private Task[] _tasks = [];

    public long Acknowledged => _acknowledged.Sum();

    public long Unanswered => _unanswered.Sum();

    /// <summary>Answered but not accepted: an increment must never be rejected.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public void Start() => _tasks = Enumerable.Range(0, writers).Select(i => Task.Run(() => WriteAsync(i))).ToArray();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    private async Task WriteAsync(int writer)
    {
        var session = Guid.CreateVersion7();
        ulong requestId = 0;
        while (!_stop.IsCancellationRequested)
        {
            var reply = await client.CommandAsync("counter", $"{prefix}-{writer}", """{"type":"increment","by":1}""", session, ++requestId, TimeSpan.FromSeconds(15));
            if (reply is null)
            {
                Interlocked.Increment(ref _unanswered[writer]);
            }
            else if (reply.Accepted is not null)
            {
                Interlocked.Increment(ref _acknowledged[writer]);
            }
            else
            {
                Interlocked.Increment(ref _rejected);
            }
        }
    }

    /// <summary>Every counter, read linearizably, against what was acknowledged: one line per violation.</summary>
    public async Task<List<string>> ViolationsAsync()
    {
        var violations = new List<string>();
        for (var writer = 0; writer < writers; writer++)
        {
            var value = long.Parse(await client.QueryAsync("counter", $"{prefix}-{writer}", "value"));
            if (value < _acknowledged[writer] || value > _acknowledged[writer] + _unanswered[writer])
            {
                violations.Add($"{prefix}-{writer}: value {value}, acknowledged {_acknowledged[writer]}, unanswered {_unanswered[writer]}");
            }
        }

        return violations;
    }
}
