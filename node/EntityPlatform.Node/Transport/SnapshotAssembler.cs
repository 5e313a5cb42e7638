using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The receiving side's store of snapshots. InstallSnapshot fills a staged entry; the MSG_SNAP that the
/// sender puts on the Raft stream after the upload succeeds takes it again (see docs/transport.md for why
/// the message cannot be built from the chunks alone: it needs the leader's current term). Bounded by
/// concurrent transfers, staged count, staged bytes and age; the oldest staged entry is evicted first.
/// Thread-safe.
/// </summary>
public sealed class SnapshotAssembler
{
    private readonly SnapshotAssemblerOptions _options;
    private readonly Lock _lock = new();
    private readonly List<(SnapshotKey Key, byte[] Data, DateTimeOffset StagedAt)> _staged = [];
    private long _stagedBytes;
    private int _transfers;

    public SnapshotAssembler(SnapshotAssemblerOptions? options = null)
    {
        _options = options ?? new SnapshotAssemblerOptions();
        _options.Validate();
    }

    public SnapshotAssemblerOptions Options => _options;

    public int StagedCount
    {
        get
        {
            lock (_lock)
            {
                return _staged.Count;
            }
        }
    }

    /// <summary>
    /// Takes the staged data of the snapshot a MSG_SNAP names. False when it never arrived, was evicted or
    /// expired: the caller must drop the message, never install it with empty data.
    /// </summary>
    public bool TryTake(ulong groupId, ulong fromNode, SnapshotMetadata metadata, out ReadOnlyMemory<byte> data)
    {
        var key = new SnapshotKey(groupId, fromNode, metadata.Index, metadata.Term);
        lock (_lock)
        {
            Expire();
            var at = _staged.FindIndex(entry => entry.Key == key);
            if (at < 0)
            {
                data = default;
                return false;
            }

            data = _staged[at].Data;
            _stagedBytes -= _staged[at].Data.Length;
            _staged.RemoveAt(at);
            return true;
        }
    }

    /// <summary>Reserves one of the concurrent-transfer slots; false when all are taken.</summary>
    internal bool TryBeginTransfer()
    {
        if (Interlocked.Increment(ref _transfers) <= _options.MaxConcurrentTransfers)
        {
            return true;
        }

        Interlocked.Decrement(ref _transfers);
        return false;
    }

    internal void EndTransfer()
    {
        var remaining = Interlocked.Decrement(ref _transfers);
        Invariant.Assert(remaining >= 0);
    }

    /// <summary>Stages a verified snapshot, replacing one with the same key and evicting the oldest beyond the limits.</summary>
    internal void Stage(SnapshotKey key, byte[] data)
    {
        lock (_lock)
        {
            var existing = _staged.FindIndex(entry => entry.Key == key);
            if (existing >= 0)
            {
                _stagedBytes -= _staged[existing].Data.Length;
                _staged.RemoveAt(existing);
            }

            _staged.Add((key, data, _options.TimeProvider.GetUtcNow()));
            _stagedBytes += data.Length;
            while (_staged.Count > _options.MaxStagedSnapshots || _stagedBytes > _options.MaxStagedBytes)
            {
                _stagedBytes -= _staged[0].Data.Length;
                _staged.RemoveAt(0);
            }

            Expire();
        }
    }

    private void Expire()
    {
        var oldest = _options.TimeProvider.GetUtcNow() - _options.StagedTimeToLive;
        while (_staged.Count > 0 && _staged[0].StagedAt < oldest)
        {
            _stagedBytes -= _staged[0].Data.Length;
            _staged.RemoveAt(0);
        }
    }
}
