using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Records;
using EntityPlatform.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Storage.Tests.Recovery;

/// <summary>Damage before the durable end on the seeded fake device: refused, named, never served, wipeable.</summary>
public sealed class DamageTests(ITestOutputHelper output)
{
    private static (MemoryLogDevice Device, LogEngine Engine) Store(int seed, int groups)
    {
        var device = new MemoryLogDevice(seed);
        var engine = LogEngine.Open(device);
        for (ulong g = 1; g <= (ulong)groups; g++)
        {
            var id = g;
            Stores.Commit(engine, b => { b.Bootstrap(id, ConfState.OfVoters(1)); b.Append(id, Stores.Entries(1, 3, term: 1)); });
        }

        return (device, engine);
    }

    [Fact]
    public void Payload_bit_flip_refuses_only_that_group_naming_offset_and_group_and_wipe_lets_it_rejoin()
    {
        var (device, _) = Store(seed: 5, groups: 4);
        var victim = device.DurableAddresses()[2]; // the chunk of group 3's commit: install, entries, batch end
        var entries = Chunks.Records(device, victim).Single(r => r.Header.Kind == RecordKind.Entries);
        Assert.Equal(3UL, entries.Header.GroupId);
        device.FlipBitAt(victim, (entries.Offset + RecordLayout.HeaderBytes + 20) * 8);
        var engine = LogEngine.Open(device);
        var refused = Assert.Single(engine.RefusedGroups);
        Assert.Equal(3UL, refused.Key);
        Assert.Equal([1UL, 2, 4], engine.GroupIds);
        var error = Assert.Throws<StorageCorruptionException>(() => engine.Group(3));
        Assert.Contains($"offset {victim}", error.Message);
        Assert.Equal(3UL, error.GroupId);
        output.WriteLine(error.Message);

        engine.WipeGroup(3);
        engine = LogEngine.Open(device);
        Assert.Empty(engine.RefusedGroups);
        Assert.False(engine.Contains(3));
        Stores.Commit(engine, b => b.Bootstrap(3, ConfState.OfVoters(1, 2)));
        Assert.Equal(ConfState.OfVoters(1, 2), LogEngine.Open(device).Group(3).InitialState().ConfState);
    }

    [Fact]
    public void Damage_that_cannot_be_pinned_on_a_group_refuses_every_group_until_each_is_wiped()
    {
        var (device, _) = Store(seed: 6, groups: 3);
        var victim = device.DurableAddresses()[2];
        device.FlipBitAt(victim, RecordLayout.GroupIdOffset * 8 + 1); // the group id itself: no attribution
        var engine = LogEngine.Open(device);
        Assert.NotNull(engine.StoreDamage);
        Assert.Empty(engine.GroupIds);
        Assert.Null(Assert.Throws<StorageCorruptionException>(() => engine.Group(1)).GroupId);
        engine.WipeGroup(1);
        engine = LogEngine.Open(device);
        Assert.Throws<StorageCorruptionException>(() => engine.Group(2));
        Assert.False(engine.Contains(1));
        Stores.Commit(engine, b => b.Bootstrap(1, ConfState.OfVoters(1)));
        Assert.Equal([1UL], LogEngine.Open(device).GroupIds);
    }

    [Fact]
    public void Random_bit_flips_are_always_detected_and_never_served_as_data()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var (device, _) = Store(seed, groups: 5);
            var victim = device.FlipBit();
            var engine = LogEngine.Open(device);
            Assert.True(engine.Recovery.Damage.Count > 0, $"seed {seed}: flip at {victim} not detected");
            foreach (var id in engine.GroupIds)
            {
                engine.Group(id).TryGetEntries(1, engine.Group(id).LastIndex + 1, ulong.MaxValue, out var entries);
                Assert.True(entries.SequenceEqual(Stores.Entries(1, 3, term: 1)), $"seed {seed}: group {id} serves damaged data");
            }
        }
    }

    [Fact]
    public void Lost_committed_tail_is_damage_not_a_torn_tail()
    {
        var (device, engine) = Store(seed: 8, groups: 2);
        var last = device.DurableAddresses()[^1];
        device.DiscardTail(last);
        engine = LogEngine.Open(device);
        Assert.NotNull(engine.StoreDamage);
        Assert.Contains("committed records are missing", engine.StoreDamage!.Detail);
    }
}
