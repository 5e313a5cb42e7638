using System.Diagnostics;
using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Systems;
using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>
/// A durability check that cannot fail proves nothing (issue 8). With the node's test-only switch that
/// acknowledges a command before it is persisted or replicated, SIGKILLing a busy leader loses
/// acknowledged increments: the new leader never saw them and overwrites them. The checker must say so.
/// </summary>
public sealed class UnsafeAckTests
{
    private const int Writers = 16;
    // A trial loses an unsynced acknowledgement only when the kill lands inside the unsynced window, so this
    // is a chance per trial, not a certainty; enough trials make a miss of a working checker very unlikely.
    private const int Trials = 12;

    [Fact(Timeout = 300_000)]
    public async Task Acknowledging_before_fsync_loses_writes_under_a_leader_kill_and_the_durability_check_catches_it()
    {
        // Child processes inherit the switch at start; it is cleared at once so nothing else sees it.
        Environment.SetEnvironmentVariable(NodeHost.UnsafeAckVariable, "1");
        var system = new PlatformCluster();
        try
        {
            await system.StartAsync(CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable(NodeHost.UnsafeAckVariable, null);
        }

        await using (system)
        {
            for (var trial = 0; trial < Trials; trial++)
            {
                var result = await TrialAsync(system, trial);
                if (!result.Ok)
                {
                    Assert.Contains(result.Lost, lost => lost.Reason.Length > 0);
                    return;
                }
            }

            Assert.Fail($"{Trials} leader kills under unsafe acknowledgement lost nothing the durability check could see");
        }
    }

    private static async Task<DurabilityResult> TrialAsync(PlatformCluster system, int trial)
    {
        var history = new List<Operation>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var keys = Enumerable.Range(0, Writers).Select(w => $"u{trial}-{w}").ToArray();
        var writers = keys.Select((key, w) => Task.Run(async () =>
        {
            var id = (long)w << 32;
            while (!stop.IsCancellationRequested)
            {
                var invoke = clock.ElapsedTicks;
                var outcome = OpOutcome.Ok;
                try
                {
                    await system.MutateAsync(key, 1, TimeSpan.FromSeconds(3), CancellationToken.None);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    outcome = system.MayHaveApplied(error) ? OpOutcome.Indeterminate : OpOutcome.Failed;
                }

                lock (history)
                {
                    history.Add(new Operation(id++, key, OpKind.Increment, 1, invoke, clock.ElapsedTicks, outcome));
                }
            }
        })).ToArray();

        await Task.Delay(800);
        var leader = await system.LeaderOfAsync(keys[0], CancellationToken.None) ?? throw new InvalidOperationException("no leader");
        system.Kill(leader);
        await Task.Delay(1_500);
        stop.Cancel();
        await Task.WhenAll(writers);
        await system.RestartAsync(leader, wipe: false, CancellationToken.None);
        await Task.Delay(3_000);

        var finals = new Dictionary<string, long>();
        foreach (var key in keys)
        {
            finals[key] = await system.ReadAsync(key, TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        lock (history)
        {
            return DurabilityChecker.Check(history, finals, CounterModel.Instance);
        }
    }
}
