using System.Collections.Concurrent;
using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Network;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>
/// An in-process counter store with three members, for testing the harness's own mechanics (gate, probes,
/// kept files) without processes. Member 1 always leads. With <see cref="AnswersFromOldLease"/>, a member
/// paused by the nemesis answers reads sent straight to it from the state it had when paused, as a deposed
/// leader trusting a stale lease would.
/// </summary>
internal sealed class FakeCounterSystem(bool answersFromOldLease = false, TimeSpan? quiesceAfter = null) : ISystemUnderTest
{
    private readonly ConcurrentDictionary<string, long> counters = new();
    private readonly ConcurrentQueue<(string Action, int Member, DateTime At)> actions = new();
    private Dictionary<string, long>? pausedState;

    public string Name => "fake";
    public IModel Model => CounterModel.Instance;
    public IReadOnlyList<(int Member, int Pid)> Members => [(1, 0), (2, 0), (3, 0)];
    public IReadOnlyList<ReadConsistency> ReadModes => [ReadConsistency.Linearizable, ReadConsistency.Lease, ReadConsistency.BoundedStaleness];
    public bool SupportsPinnedReads => true;
    public TimeSpan? QuiesceAfter => quiesceAfter;
    public bool SupportsWipe => false;
    public NetnsTopology? Network => null;
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("ep-harness-fake-").FullName;
    public bool KeepFiles { get; set; }
    public bool AnswersFromOldLease => answersFromOldLease;
    public IReadOnlyCollection<(string Action, int Member, DateTime At)> Actions => actions;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task MutateAsync(string key, long value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Task.Yield();
        counters.AddOrUpdate(key, value, (_, old) => old + value);
    }

    public Task<long> ReadAsync(string key, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(counters.GetValueOrDefault(key));

    public Task<long> ReadAsync(string key, ReadConsistency consistency, TimeSpan maxStaleness, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync(key, timeout, cancellationToken);

    public Task<long> ReadFromAsync(int member, string key, ReadConsistency consistency, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(answersFromOldLease && pausedState is { } old ? old.GetValueOrDefault(key) : counters.GetValueOrDefault(key));

    public Task<int?> LeaderOfAsync(string key, CancellationToken cancellationToken) => Task.FromResult<int?>(1);

    public Task<Func<string, bool>> KeysLedByAsync(int member, CancellationToken cancellationToken) => Task.FromResult<Func<string, bool>>(_ => member == 1);

    public bool MayHaveApplied(Exception error) => true;

    public void Kill(int member) => actions.Enqueue(("kill", member, DateTime.UtcNow));

    public void Pause(int member)
    {
        pausedState = new Dictionary<string, long>(counters);
        actions.Enqueue(("pause", member, DateTime.UtcNow));
    }

    public void Resume(int member) => actions.Enqueue(("resume", member, DateTime.UtcNow));

    public Task RestartAsync(int member, bool wipe, CancellationToken cancellationToken)
    {
        actions.Enqueue(("restart", member, DateTime.UtcNow));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!KeepFiles)
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
