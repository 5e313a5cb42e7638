using EntityPlatform.Consensus.Messages;
using ConfState = EntityPlatform.Consensus.Messages.ConfState;
using SnapshotMetadata = EntityPlatform.Consensus.Messages.SnapshotMetadata;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The receiving side of snapshots. InstallSnapshot calls stream into files in a staging directory
/// (<see cref="BeginReceive"/> gives the wire code a <see cref="SnapshotReceive"/> sink); a verified file is
/// staged until the MSG_SNAP that the sender puts on the Raft stream after the upload takes it again (see
/// docs/transport.md for why the message cannot be built from the chunks alone: it needs the leader's
/// current term). Taking it moves the file into the node's snapshot store (a rename), so the scheduler
/// installs it from there and no snapshot is ever held whole in memory. Bounded by concurrent transfers,
/// staged count, staged bytes (on disk) and age; the oldest staged snapshot is evicted first.
/// Thread-safe.
/// </summary>
public sealed class SnapshotAssembler
{
    private readonly SnapshotAssemblerOptions _options;
    private readonly Lock _lock = new();
    private readonly List<(SnapshotKey Key, long LengthBytes, DateTimeOffset StagedAt)> _staged = [];
    private readonly HashSet<SnapshotKey> _receiving = [];
    private readonly Dictionary<ulong, SnapshotStore> _stagingBySender = [];
    private readonly string _stagingDirectory;
    private long _stagedBytes;
    private int _transfers;

    public SnapshotAssembler(SnapshotAssemblerOptions? options = null)
    {
        _options = options ?? new SnapshotAssemblerOptions();
        _options.Validate();
        _stagingDirectory = _options.StagingDirectory ?? Path.Combine(Path.GetTempPath(), $"ep-snapshot-staging-{Guid.NewGuid():N}");
        // Files left by a previous run were never taken: their MSG_SNAP is long gone.
        if (Directory.Exists(_stagingDirectory))
        {
            Directory.Delete(_stagingDirectory, recursive: true);
        }
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
    /// Starts receiving one snapshot: checks the declared length (request metadata <see cref="SnapshotHeaders.Length"/>)
    /// against the limit and the CRC-32C (<see cref="SnapshotHeaders.Crc32C"/>), and takes a transfer slot.
    /// Throws <see cref="SnapshotRefusedException"/>; dispose the result in every case.
    /// </summary>
    public SnapshotReceive BeginReceive(ulong localNodeId, string? declaredLength, string? declaredCrc32C)
    {
        var (lengthBytes, crc) = SnapshotReceive.ParseDeclaration(declaredLength, declaredCrc32C, _options.MaxSnapshotBytes);
        if (!TryBeginTransfer())
        {
            throw new SnapshotRefusedException(SnapshotRefusal.ResourceExhausted, $"{_options.MaxConcurrentTransfers} snapshot transfers are already in progress; retry later", 0);
        }

        return new SnapshotReceive(this, localNodeId, lengthBytes, crc);
    }

    /// <summary>
    /// Takes the staged snapshot a MSG_SNAP names. With a <see cref="SnapshotAssemblerOptions.Store"/> the file
    /// moves into it and <paramref name="data"/> is empty: the scheduler reads the snapshot from its store.
    /// Without one the bytes come back inline (tests; at most Array.MaxLength). False when it never arrived,
    /// was evicted or expired: the caller must drop the message, never install it without its data.
    /// </summary>
    public bool TryTake(ulong groupId, ulong fromNode, SnapshotMetadata metadata, out ReadOnlyMemory<byte> data)
    {
        var key = new SnapshotKey(groupId, fromNode, metadata.Index, metadata.Term);
        data = default;
        lock (_lock)
        {
            Expire();
            var at = _staged.FindIndex(entry => entry.Key == key);
            if (at < 0)
            {
                return false;
            }

            var length = _staged[at].LengthBytes;
            _stagedBytes -= length;
            _staged.RemoveAt(at);
            var staging = StagingFor(fromNode);
            try
            {
                if (_options.Store is { } store)
                {
                    store.Adopt(staging, groupId, key.Index, key.Term);
                    return true;
                }

                if (length > Array.MaxLength)
                {
                    staging.Delete(groupId, key.Index, key.Term);
                    return false;
                }

                data = ReadInline(staging, key, length);
                return true;
            }
            catch (IOException)
            {
                // The move or read failed (disk): the message is dropped and the leader sends the snapshot again.
                data = default;
                return false;
            }
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

    internal void EndTransfer() => EndTransfer(abandoned: null);

    /// <summary>Frees the slot, and the key of a transfer that ended without being staged.</summary>
    internal void EndTransfer(SnapshotKey? abandoned)
    {
        if (abandoned is { } key)
        {
            lock (_lock)
            {
                _receiving.Remove(key);
            }
        }

        var remaining = Interlocked.Decrement(ref _transfers);
        Invariant.Assert(remaining >= 0);
    }

    /// <summary>Checks the first chunk's addressing and opens the transfer's staging file.</summary>
    internal SnapshotTransfer OpenTransfer(SnapshotChunk first, ulong localNodeId, long lengthBytes, uint crc)
    {
        var metadata = SnapshotAddressing.Check(first, localNodeId);
        var key = new SnapshotKey(first.GroupId, first.From, metadata.Index, metadata.Term);
        SnapshotStore staging;
        lock (_lock)
        {
            if (!_receiving.Add(key))
            {
                throw new SnapshotRefusedException(SnapshotRefusal.ResourceExhausted, $"snapshot {key} is already being received; retry later", first.From);
            }

            staging = StagingFor(first.From);
        }

        try
        {
            var transfer = new SnapshotTransfer(key, first, staging.BeginWrite(key.GroupId, metadata), lengthBytes, crc);
            if (transfer.Append(first) is { } error)
            {
                transfer.Dispose();
                throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, error, first.From);
            }

            return transfer;
        }
        catch
        {
            lock (_lock)
            {
                _receiving.Remove(key);
            }

            throw;
        }
    }

    /// <summary>Stages a verified, sealed snapshot file, replacing one with the same key and evicting the oldest beyond the limits.</summary>
    internal void Stage(SnapshotKey key, long lengthBytes)
    {
        lock (_lock)
        {
            _receiving.Remove(key);
            var existing = _staged.FindIndex(entry => entry.Key == key);
            if (existing >= 0)
            {
                // Its file was replaced by the new one's rename: only the entry goes.
                _stagedBytes -= _staged[existing].LengthBytes;
                _staged.RemoveAt(existing);
            }

            _staged.Add((key, lengthBytes, _options.TimeProvider.GetUtcNow()));
            _stagedBytes += lengthBytes;
            while (_staged.Count > _options.MaxStagedSnapshots || _stagedBytes > _options.MaxStagedBytes)
            {
                Evict(0);
            }

            Expire();
        }
    }

    /// <summary>Stages bytes as if they had been received (tests, and tools without a transfer).</summary>
    internal void Stage(SnapshotKey key, byte[] data)
    {
        SnapshotStore staging;
        lock (_lock)
        {
            staging = StagingFor(key.FromNode);
        }

        using (var writer = staging.BeginWrite(key.GroupId, new SnapshotMetadata(key.Index, key.Term, ConfState.OfVoters(key.FromNode))))
        {
            writer.WriteChunk(data);
            writer.Complete();
        }

        Stage(key, data.Length);
    }

    private static byte[] ReadInline(SnapshotStore staging, SnapshotKey key, long length)
    {
        var data = new byte[length];
        using (var reader = staging.OpenRead(key.GroupId, key.Index, key.Term))
        {
            var offset = 0;
            foreach (var chunk in reader.ReadChunks())
            {
                chunk.Span.CopyTo(data.AsSpan(offset));
                offset += chunk.Length;
            }
        }

        staging.Delete(key.GroupId, key.Index, key.Term);
        return data;
    }

    private SnapshotStore StagingFor(ulong fromNode)
    {
        if (!_stagingBySender.TryGetValue(fromNode, out var store))
        {
            // One directory per sender: two leaders' transfers of the same snapshot never share a file name.
            store = new SnapshotStore(Path.Combine(_stagingDirectory, $"n{fromNode}"));
            _stagingBySender[fromNode] = store;
        }

        return store;
    }

    private void Evict(int at)
    {
        var (key, length, _) = _staged[at];
        _stagedBytes -= length;
        _staged.RemoveAt(at);
        StagingFor(key.FromNode).Delete(key.GroupId, key.Index, key.Term);
    }

    private void Expire()
    {
        var oldest = _options.TimeProvider.GetUtcNow() - _options.StagedTimeToLive;
        while (_staged.Count > 0 && _staged[0].StagedAt < oldest)
        {
            Evict(0);
        }
    }
}
