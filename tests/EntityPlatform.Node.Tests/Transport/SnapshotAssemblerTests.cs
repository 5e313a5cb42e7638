using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Transport;

public sealed class SnapshotAssemblerTests
{
    private static readonly SnapshotMetadata Metadata = new(10, 2, ConfState.OfVoters(1, 2, 3));

    [Fact]
    public void A_staged_snapshot_is_taken_once_by_its_key()
    {
        var assembler = new SnapshotAssembler();
        assembler.Stage(new SnapshotKey(GroupId: 5, FromNode: 1, Metadata.Index, Metadata.Term), [1, 2, 3]);

        Assert.False(assembler.TryTake(5, 2, Metadata, out _));
        Assert.True(assembler.TryTake(5, 1, Metadata, out var data));
        Assert.Equal([1, 2, 3], data.ToArray());
        Assert.False(assembler.TryTake(5, 1, Metadata, out _));
    }

    [Fact]
    public void The_oldest_is_evicted_beyond_the_count_and_byte_limits()
    {
        var assembler = new SnapshotAssembler(new SnapshotAssemblerOptions { MaxStagedSnapshots = 2, MaxSnapshotBytes = 10, MaxStagedBytes = 10 });

        assembler.Stage(Key(1), new byte[4]);
        assembler.Stage(Key(2), new byte[4]);
        assembler.Stage(Key(3), new byte[4]);

        Assert.Equal(2, assembler.StagedCount);
        Assert.False(assembler.TryTake(1, 1, Metadata, out _));

        assembler.Stage(Key(4), new byte[8]);

        Assert.Equal(1, assembler.StagedCount);
        Assert.True(assembler.TryTake(4, 1, Metadata, out _));
    }

    [Fact]
    public void A_snapshot_whose_message_never_comes_expires()
    {
        var clock = new ManualTimeProvider();
        var assembler = new SnapshotAssembler(new SnapshotAssemblerOptions { StagedTimeToLive = TimeSpan.FromSeconds(30), TimeProvider = clock });
        assembler.Stage(Key(1), [7]);

        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.False(assembler.TryTake(1, 1, Metadata, out _));
        Assert.Equal(0, assembler.StagedCount);
    }

    [Fact]
    public void Concurrent_transfers_are_bounded()
    {
        var assembler = new SnapshotAssembler(new SnapshotAssemblerOptions { MaxConcurrentTransfers = 2 });

        Assert.True(assembler.TryBeginTransfer());
        Assert.True(assembler.TryBeginTransfer());
        Assert.False(assembler.TryBeginTransfer());
        assembler.EndTransfer();
        Assert.True(assembler.TryBeginTransfer());
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotAssembler(new SnapshotAssemblerOptions { MaxStagedSnapshots = 0 }));
        Assert.Contains("SnapshotAssemblerOptions.MaxStagedSnapshots", error.Message, StringComparison.Ordinal);
    }

    private static SnapshotKey Key(ulong groupId) => new(groupId, 1, Metadata.Index, Metadata.Term);
}
