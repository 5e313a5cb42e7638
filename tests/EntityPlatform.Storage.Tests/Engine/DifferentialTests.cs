using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Storage.Tests.Engine;

/// <summary>
/// The engine's group views against MemoryRaftLogStorage over random operation sequences, with reopen
/// (recovery), crashes of the fake device and compaction passes mixed in. Each seed is printed on failure.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 10)]
    [InlineData(3, 40)]
    public void Views_match_the_reference_through_commits_reopens_crashes_and_compactions(int seedBase, int groups)
    {
        var (relocated, headMoves, tailsDiscarded) = (0, 0, 0);
        for (var seed = seedBase * 1000; seed < seedBase * 1000 + 20; seed++)
        {
            try
            {
                var result = Run(seed, groups);
                relocated += result.Relocated;
                headMoves += result.HeadMoves;
                tailsDiscarded += result.TailsDiscarded;
            }
            catch (Exception)
            {
                output.WriteLine($"failing seed: {seed} (groups {groups})");
                throw;
            }
        }

        // Coverage: the paths this test exists for were really taken.
        output.WriteLine($"relocated {relocated}, head moves {headMoves}, torn/unacked tails discarded {tailsDiscarded}");
        Assert.True(relocated > 0 && headMoves > 0 && tailsDiscarded > 0, $"relocated {relocated}, head moves {headMoves}, tails {tailsDiscarded}");
    }

    private static (int Relocated, int HeadMoves, int TailsDiscarded) Run(int seed, int groups)
    {
        var (relocated, headMoves, tailsDiscarded) = (0, 0, 0);
        var random = new Random(seed);
        var device = new MemoryLogDevice(seed, maxRecordBytes: 4096);
        var options = new LogEngineOptions { MaxEntryBytes = 1024, RelocateBudgetBytes = random.Next(0, 2000) };
        var engine = LogEngine.Open(device, options);
        var workload = new RandomWorkload(random, groups);
        for (var step = 0; step < 120; step++)
        {
            var batch = workload.Next(engine, maxOperations: 8);
            var action = random.Next(20);
            if (action == 3)
            {
                // The commit never reaches the disk: the batch must vanish, whatever part of it was written.
                device.FailNextCommit = true;
                Assert.Throws<IOException>(() => engine.Commit(batch));
                device.Crash();
                engine = LogEngine.Open(device, options);
                Assert.Empty(engine.Recovery.Damage);
                tailsDiscarded += engine.Recovery.DiscardedTailReason is null ? 0 : 1;
                LogModel.AssertSame(workload.Model, engine, random, $"seed {seed} step {step} after failed commit");
                continue;
            }

            engine.Commit(batch);
            workload.Acknowledge();
            if (action == 0)
            {
                device.Crash();
                engine = LogEngine.Open(device, options);
                Assert.Empty(engine.Recovery.Damage);
            }
            else if (action <= 2)
            {
                var result = engine.CompactLog();
                relocated += result.RelocatedGroups;
                headMoves += result.NewBeginAddress > result.OldBeginAddress ? 1 : 0;
            }

            LogModel.AssertSame(workload.Model, engine, random, $"seed {seed} step {step}");
        }

        engine.CompactLog(device.TailAddress);
        device.Crash();
        engine = LogEngine.Open(device, options);
        LogModel.AssertSame(workload.Model, engine, random, $"seed {seed} final reopen");
        return (relocated, headMoves, tailsDiscarded);
    }
}
