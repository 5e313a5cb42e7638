using System.Diagnostics;
using EntityPlatform.Consensus.Log;
using EntityPlatform.Storage.CrashChild;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Storage.Tests.Crash;

/// <summary>
/// Real processes, real SIGKILLs. A child commits the deterministic workload and prints "ACK b" after
/// each commit returned; the parent kills it at a random moment, reopens the store and checks:
/// - no acknowledged batch is lost: the recovered batch number S is at least the last ACK;
/// - nothing unacknowledged appears beyond the one batch in flight: S ≤ last ACK + 1 (that batch was
///   written and may have been made durable just before the kill: legal, the caller simply never heard);
/// - no phantom: the recovered state equals, read for read, the reference state after batches 1..S, and
///   every entry holds exactly the bytes its (group, index, term) must hold. A phantom is any record the
///   child never wrote at that position (e.g. an overwritten tail coming back) or damaged data.
/// STORAGE_CRASH_KILLS sets the number of kills (default 200; the soak runs thousands).
/// </summary>
public sealed class CrashProcessTests(ITestOutputHelper output)
{
    [Fact(Timeout = 600_000)]
    public async Task Sigkilled_writer_loses_no_acknowledged_batch_and_shows_no_phantom()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("STORAGE_CRASH_KILLS"), out var k) ? k : 200;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STORAGE_CRASH_SEED"), out var s) ? s : Environment.TickCount;
        output.WriteLine($"kills {kills}, seed {seed} (STORAGE_CRASH_SEED={seed} reproduces the kill timing)");
        var random = new Random(seed);
        using var directory = new TempDirectory("ep-crash");
        var model = new Dictionary<ulong, MemoryRaftLogStorage>();
        ulong modelBatch = 0, lastAcked = 0, inFlightSurvived = 0;
        var stopwatch = Stopwatch.StartNew();
        // A damaged recovery fails with DescribeDamage's report and keeps the files (ep-crash-damage-* in the
        // temp folder) for a post-mortem.
        for (var kill = 0; kill < kills; kill++)
        {
            var acked = await RunAndKill(directory.Path, random, kill);
            lastAcked = Math.Max(lastAcked, acked);
            // The files as the kill left them, kept in case recovery finds damage (opening changes them).
            using var evidence = new TempDirectory("ep-crash-evidence");
            SegmentFiles.CopyDirectory(directory.Path, evidence.Path);
            using var engine = LogEngine.Open(directory.Path, CrashStoreGeometry.Engine, CrashStoreGeometry.Device);
            var recovered = engine.DurableBatchSeq;
            var where = $"kill {kill} (seed {seed}): recovered batch {recovered}, last ACK {lastAcked}";
            if (engine.Recovery.Damage.Count != 0)
            {
                Assert.Fail(DescribeDamage(engine, evidence.Path, where));
            }

            Assert.True(recovered >= lastAcked, $"{where}: an acknowledged batch was lost");
            Assert.True(recovered <= lastAcked + 1, $"{where}: batches that were never written appeared");
            inFlightSurvived += recovered > lastAcked ? 1UL : 0;
            lastAcked = recovered;
            for (; modelBatch < recovered; modelBatch++)
            {
                CrashWorkload.Apply(modelBatch + 1, model);
            }

            LogModel.AssertSame(model, engine, random, where);
            AssertNoPhantomData(engine, where);
        }

        output.WriteLine($"{kills} kills in {stopwatch.Elapsed.TotalSeconds:F1} s; {lastAcked} batches durable; " +
                         $"in-flight batch survived the kill {inFlightSurvived} times");
        Assert.True(lastAcked > (ulong)kills / 4, "the child made too little progress to test anything");
    }

    private async Task<ulong> RunAndKill(string directory, Random random, int kill)
    {
        using var child = new ChildProcess($"\"{directory}\"");
        var opened = Stopwatch.StartNew();
        // One kill in five lands anywhere from start-up (during recovery) on; the rest while committing.
        var early = random.Next(5) == 0;
        while (!early && !child.Lines.Any(l => l.StartsWith("OPEN")) && !child.HasExited && opened.ElapsedMilliseconds < 30_000)
        {
            await Task.Delay(2);
        }

        Assert.False(child.HasExited && child.Lines.All(l => !l.StartsWith("OPEN")) && !early,
            $"kill {kill}: child exited: {string.Join('\n', child.Errors)}");
        await Task.Delay(random.Next(early ? 300 : 80));
        child.Kill();
        var errors = string.Join('\n', child.Errors);
        Assert.True(errors.Length == 0, $"kill {kill}: child wrote to stderr: {errors}");
        return child.Lines.Where(l => l.StartsWith("ACK ")).Select(l => ulong.Parse(l[4..])).DefaultIfEmpty(0UL).Max();
    }

    /// <summary>
    /// Everything needed to diagnose a damaged recovery without rerunning: the report (cookie's LSN, batch and
    /// durable end), each damage, the chunks around each damage in the files as the kill left them (addresses,
    /// pages, skipped bytes, LSNs), and a copy of those files kept outside the test's temporary directory.
    /// </summary>
    private string DescribeDamage(LogEngine engine, string evidence, string where)
    {
        var kept = Path.Combine(Path.GetTempPath(), $"ep-crash-damage-{Guid.NewGuid():N}");
        SegmentFiles.CopyDirectory(evidence, kept);
        var message = $"{where}: recovery {engine.Recovery}\ndamage:\n  {string.Join("\n  ", engine.Recovery.Damage)}\n" +
                      $"files as the kill left them (kept in {kept}):\n" +
                      LogDump.Describe(evidence, CrashStoreGeometry.Device, engine.Recovery.Damage.Select(d => d.Address).ToArray());
        output.WriteLine(message);
        return message;
    }

    private static void AssertNoPhantomData(LogEngine engine, string where)
    {
        foreach (var groupId in engine.GroupIds)
        {
            var view = engine.Group(groupId);
            if (view.LastIndex < view.FirstIndex)
            {
                continue;
            }

            Assert.Equal(StorageLookup.Ok, view.TryGetEntries(view.FirstIndex, view.LastIndex + 1, ulong.MaxValue, out var entries));
            foreach (var entry in entries)
            {
                var expected = CrashWorkload.DataFor(groupId, entry.Index, entry.Term);
                Assert.True(entry.Data.Span.SequenceEqual(expected), $"{where}: group {groupId} entry {entry.Index} term {entry.Term} holds bytes the child never wrote");
            }
        }
    }
}
