using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Records;
using EntityPlatform.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Storage.Tests.Recovery;

/// <summary>
/// The packed format: a batch's records share device chunks, a batch may span several chunks, and
/// recovery must still drop an unacknowledged batch whole, never apply part of a batch, and pin damage
/// inside a chunk on the one group whose record it hit.
/// </summary>
public sealed class PackedBatchTests(ITestOutputHelper output)
{
    private const int Groups = 6;

    // Small chunks so that the second batch below spans many of them.
    private static readonly LogEngineOptions Options = new() { MaxEntryBytes = 1024, ChunkBytes = 1024 };

    private static Entry[] Expected(ulong groupId, ulong first, int count, ulong term) =>
        Stores.Entries(first, count, term, dataBytes: 100, fill: (byte)(groupId * 16 + term));

    /// <summary>Batch 1 bootstraps the groups with 3 entries each; batch 2 (returned) appends 20 more to each, with hard states.</summary>
    private static (MemoryLogDevice Device, LogEngine Engine, WriteBatch Second) Store(int seed)
    {
        var device = new MemoryLogDevice(seed, maxRecordBytes: 4096);
        var engine = LogEngine.Open(device, Options);
        Stores.Commit(engine, b =>
        {
            for (ulong g = 1; g <= Groups; g++)
            {
                b.Bootstrap(g, ConfState.OfVoters(1));
                b.Append(g, Expected(g, 1, 3, term: 1));
            }
        });

        var second = engine.NewBatch();
        for (ulong g = 1; g <= Groups; g++)
        {
            second.Append(g, Expected(g, 4, 20, term: 2));
            second.SetHardState(g, new HardState(2, 1, 23));
        }

        return (device, engine, second);
    }

    /// <summary>Every group holds batch 1 and nothing of batch 2 (read from the engine's state, also for refused groups).</summary>
    private static void AssertOnlyFirstBatch(LogEngine engine, string where)
    {
        for (ulong g = 1; g <= Groups; g++)
        {
            Assert.True(engine.TryGetState(g, out var state), $"{where}: group {g} missing");
            Assert.True(state.LastIndex == 3, $"{where}: group {g} has last index {state.LastIndex}: part of batch 2 was applied");
            Assert.Equal(HardState.Empty, state.HardState);
            var entries = new Entry[3];
            state.CopyEntries(1, 3, entries);
            Assert.Equal(Expected(g, 1, 3, term: 1), entries);
        }
    }

    [Fact]
    public void A_torn_multi_chunk_batch_is_dropped_whole()
    {
        var partial = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            var (device, engine, second) = Store(seed);
            var before = device.TailAddress;
            device.FailNextCommit = true;
            Assert.Throws<IOException>(() => engine.Commit(second));
            Assert.True(device.TailAddress - before > 3 * 1024, "batch 2 should span several chunks");
            var crash = device.Crash();
            engine = LogEngine.Open(device, Options);
            var where = $"seed {seed} ({crash})";
            Assert.True(engine.Recovery.Damage.Count == 0, $"{where}: {string.Join("; ", engine.Recovery.Damage)}");
            Assert.Equal(1UL, engine.DurableBatchSeq);
            AssertOnlyFirstBatch(engine, where);
            partial += engine.Recovery.DiscardedTailReason is null ? 0 : 1;

            // The store goes on: the batch can be written again and then is whole.
            var again = engine.NewBatch();
            for (ulong g = 1; g <= Groups; g++)
            {
                again.Append(g, Expected(g, 4, 20, term: 2));
            }

            engine.Commit(again);
            engine = LogEngine.Open(device, Options);
            Assert.Equal(23UL, engine.Group(Groups).LastIndex);
        }

        output.WriteLine($"{partial} of 60 crashes left part of the torn batch on the device");
        Assert.True(partial > 10, $"only {partial} crashes kept part of the batch: the torn path was hardly tested");
    }

    [Fact]
    public void A_batch_whose_end_is_missing_before_the_durable_end_is_damage_and_none_of_it_is_applied()
    {
        var (device, engine, second) = Store(seed: 3);
        engine.Commit(second);
        var addresses = device.DurableAddresses();
        var last = addresses[^1];
        Assert.Contains(Chunks.Records(device, last), r => r.Header.Kind == RecordKind.BatchEnd);
        Assert.True(addresses.Count > 3, "batch 2 should span several chunks");

        device.DiscardTail(last); // the batch's last chunk, with its BatchEnd, is lost although committed
        engine = LogEngine.Open(device, Options);
        Assert.NotNull(engine.StoreDamage);
        Assert.Contains(engine.Recovery.Damage, d => d.Detail.Contains("no BatchEnd record"));
        Assert.Empty(engine.GroupIds);
        AssertOnlyFirstBatch(engine, "lost batch end");
    }

    [Fact]
    public void Entries_and_hard_state_of_a_group_are_one_record_and_many_groups_share_a_chunk()
    {
        var device = new MemoryLogDevice(seed: 1);
        var engine = LogEngine.Open(device);
        Stores.Commit(engine, b =>
        {
            for (ulong g = 1; g <= 50; g++)
            {
                b.Bootstrap(g, ConfState.OfVoters(1));
            }
        });
        Stores.Commit(engine, b =>
        {
            for (ulong g = 1; g <= 50; g++)
            {
                b.Append(g, Expected(g, 1, 2, term: 1));
                b.SetHardState(g, new HardState(1, 1, g % 3));
            }
        });

        var chunk = Assert.Single(device.DurableAddresses().Skip(1));
        var records = Chunks.Records(device, chunk);
        Assert.Equal(51, records.Count);
        Assert.All(records.SkipLast(1), r => Assert.Equal(RecordKind.Entries, r.Header.Kind));
        Assert.Equal(RecordKind.BatchEnd, records[^1].Header.Kind);

        engine = LogEngine.Open(device);
        for (ulong g = 1; g <= 50; g++)
        {
            Assert.Equal(new HardState(1, 1, g % 3), engine.Group(g).HardState);
            engine.Group(g).TryGetEntries(1, 3, ulong.MaxValue, out var entries);
            Assert.Equal(Expected(g, 1, 2, term: 1), entries);
        }
    }

    [Fact]
    public void A_bit_flip_in_one_record_of_a_packed_batch_refuses_only_that_group()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var (device, engine, second) = Store(seed);
            engine.Commit(second);
            var random = new Random(seed);
            var chunks = device.DurableAddresses();
            var chunk = chunks[1 + random.Next(chunks.Count - 1)];
            var candidates = Chunks.Records(device, chunk).Where(r => r.Header.Kind == RecordKind.Entries).ToArray();
            if (candidates.Length == 0)
            {
                continue;
            }

            var (offset, header) = candidates[random.Next(candidates.Length)];
            var bit = (offset + RecordLayout.HeaderBytes) * 8 + random.Next(header.PayloadLength * 8);
            device.FlipBitAt(chunk, bit);
            engine = LogEngine.Open(device, Options);
            var where = $"seed {seed}: flip in group {header.GroupId}'s record at byte {offset} of chunk {chunk}";
            var refused = Assert.Single(engine.RefusedGroups);
            Assert.True(refused.Key == header.GroupId, $"{where}: refused group {refused.Key}");
            Assert.Contains($"offset {chunk}", refused.Value.Location);
            Assert.Contains($"byte {offset}", refused.Value.Detail);
            Assert.Null(engine.StoreDamage);
            foreach (var g in engine.GroupIds)
            {
                engine.Group(g).TryGetEntries(1, 24, ulong.MaxValue, out var entries);
                Assert.Equal(Expected(g, 1, 3, term: 1).Concat(Expected(g, 4, 20, term: 2)), entries);
                Assert.Equal(new HardState(2, 1, 23), engine.Group(g).HardState);
            }
        }
    }

    [Fact]
    public void A_damaged_record_header_loses_the_rest_of_its_chunk_and_refuses_every_group()
    {
        var (device, engine, second) = Store(seed: 9);
        engine.Commit(second);
        var chunk = device.DurableAddresses()[2];
        var (offset, _) = Chunks.Records(device, chunk)[0];
        device.FlipBitAt(chunk, (offset + RecordLayout.PayloadLengthOffset) * 8 + 3);
        engine = LogEngine.Open(device, Options);
        Assert.NotNull(engine.StoreDamage);
        Assert.Contains("cannot be framed", engine.StoreDamage!.Detail);
        Assert.Empty(engine.GroupIds);
    }
}
