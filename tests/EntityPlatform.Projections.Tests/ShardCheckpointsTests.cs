using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Checkpoints;

namespace EntityPlatform.Projections.Tests;

/// <summary>The pure dedupe/gap rules, including against a dumb reference on random at-least-once streams.</summary>
public sealed class ShardCheckpointsTests
{
    private static CommittedEvent E(uint shard, ulong offset) => new() { ShardId = shard, Offset = offset, EntityId = $"e{shard}" };

    [Fact]
    public void RepeatsAtOrBelowTheCheckpointAndInsideTheBatchAreDropped()
    {
        var checkpoints = new ShardCheckpoints(new Dictionary<uint, ulong> { [0] = 5 });

        var plan = checkpoints.Plan([E(0, 4), E(0, 5), E(0, 6), E(1, 1), E(0, 6), E(0, 7), E(1, 1), E(1, 2)]);

        Assert.Equal([(0u, 6UL), (1u, 1UL), (0u, 7UL), (1u, 2UL)], plan.Events.Select(e => (e.ShardId, e.Offset)));
        Assert.Equal(4, plan.DuplicateCount);
        Assert.Null(plan.Gap);
        Assert.Equal([new CheckpointAdvance(0, 5, 7), new CheckpointAdvance(1, 0, 2)], plan.Advances.OrderBy(a => a.ShardId));
    }

    [Fact]
    public void ASkippedOffsetCutsThePlanThere()
    {
        var checkpoints = new ShardCheckpoints(new Dictionary<uint, ulong> { [3] = 10 });

        var plan = checkpoints.Plan([E(3, 11), E(3, 13), E(3, 12)]);

        Assert.Equal([11UL], plan.Events.Select(e => e.Offset));
        Assert.NotNull(plan.Gap);
        Assert.Equal((3u, 12UL, 13UL), (plan.Gap.ShardId, plan.Gap.ExpectedOffset, plan.Gap.ReceivedOffset));
    }

    [Fact]
    public void ANewShardStartingAboveOneIsAGapUnlessAccepted()
    {
        var strict = new ShardCheckpoints(new Dictionary<uint, ulong>());
        var lenient = new ShardCheckpoints(new Dictionary<uint, ulong>(), acceptFirstOffsetAboveOne: true);

        Assert.NotNull(strict.Plan([E(0, 40)]).Gap);
        var plan = lenient.Plan([E(0, 40), E(0, 41)]);
        Assert.Null(plan.Gap);
        Assert.Equal([new CheckpointAdvance(0, 0, 41)], plan.Advances);
    }

    [Fact]
    public void CommitMovesTheCheckpointsAndResumeIsOnePastThem()
    {
        var checkpoints = new ShardCheckpoints(new Dictionary<uint, ulong> { [0] = 2 });
        var plan = checkpoints.Plan([E(0, 3), E(1, 1)]);

        checkpoints.Commit(plan.Advances);

        Assert.Equal(new Dictionary<uint, ulong> { [0] = 4, [1] = 2 }, checkpoints.ResumeFrom());
        Assert.Throws<InvariantViolationException>(() => checkpoints.Commit(plan.Advances));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomAtLeastOnceStreamsYieldEachOffsetOnceInOrder(int seed)
    {
        var random = new Random(seed);
        var checkpoints = new ShardCheckpoints(new Dictionary<uint, ulong>());
        var reference = new Dictionary<uint, ulong>();
        var applied = new List<(uint, ulong)>();
        var sent = new Dictionary<uint, ulong>();
        for (var round = 0; round < 200; round++)
        {
            var batch = new List<CommittedEvent>();
            for (var i = random.Next(1, 30); i > 0; i--)
            {
                var shard = (uint)random.Next(3);
                var last = sent.GetValueOrDefault(shard);
                // Mostly the next offset, sometimes a resend from further back.
                var offset = random.Next(5) == 0 ? (ulong)random.NextInt64(1, (long)last + 2) : last + 1;
                sent[shard] = Math.Max(last, offset);
                batch.Add(E(shard, offset));
            }

            var plan = checkpoints.Plan(batch);
            Assert.Null(plan.Gap);
            checkpoints.Commit(plan.Advances);
            applied.AddRange(plan.Events.Select(e => (e.ShardId, e.Offset)));
            foreach (var e in batch.Where(e => e.Offset == reference.GetValueOrDefault(e.ShardId) + 1))
            {
                reference[e.ShardId] = e.Offset;
            }
        }

        Assert.Equal(reference.OrderBy(p => p.Key), checkpoints.Snapshot().OrderBy(p => p.Key));
        foreach (var shard in reference.Keys)
        {
            Assert.Equal(Enumerable.Range(1, (int)reference[shard]).Select(o => (ulong)o), applied.Where(a => a.Item1 == shard).Select(a => a.Item2));
        }
    }
}
