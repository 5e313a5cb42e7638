using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

public sealed partial class LogEngine
{
    /// <summary>
    /// Makes the whole batch durable with one device commit (one fsync) and returns its batch sequence
    /// number, which <see cref="DurableBatchSeq"/> then equals. Only after this returns may the caller send
    /// the messages or answer the clients of that Ready. Reads see the batch once it returns. A full disk
    /// refuses the batch with <see cref="StorageFullException"/> and leaves the engine at the last commit,
    /// usable again once space returns; any other I/O error leaves the engine failed (memory may be ahead
    /// of disk): reopen to recover.
    /// </summary>
    public ulong Commit(WriteBatch batch)
    {
        ThrowIfFaulted();
        if (!ReferenceEquals(batch.Engine, this))
        {
            throw new StorageUsageException("the batch was made by another LogEngine instance (NewBatch of this one)");
        }

        var operations = batch.Operations; // throws for a batch that was already committed

        try
        {
            for (var k = 0; k < operations.Count; k++)
            {
                // A group's entries and its hard state (a Ready's usual pair, in either order) become one
                // record: the two commute, since applying entries never reads or changes the hard state.
                var operation = operations[k];
                if (k + 1 < operations.Count && IsEntriesAndHardState(operation, operations[k + 1]))
                {
                    var append = operation.Kind == BatchOperationKind.Append ? operation : operations[k + 1];
                    var hardState = operation.Kind == BatchOperationKind.HardState ? operation : operations[k + 1];
                    encoder.Entries(append.GroupId, batch.EntriesOf(append), hardState.HardState);
                    k++;
                    continue;
                }

                Write(batch, operation);
            }

            var seq = CommitDevice();
            var buffers = batch.Spend();
            if (buffers.WorthKeeping)
            {
                buffers.Clear();
                spareBuffers = buffers;
            }

            return seq;
        }
        catch (Exception ex) when (ex is not InvariantViolationException)
        {
            if (RollBackIfDiskFull(ex, $"batch {DurableBatchSeq + 1} ({operations.Count} operations)") is { } full)
            {
                batch.Spend();
                throw full;
            }

            throw;
        }
    }

    private static bool IsEntriesAndHardState(BatchOperation first, BatchOperation second) =>
        first.GroupId == second.GroupId &&
        ((first.Kind == BatchOperationKind.Append && second.Kind == BatchOperationKind.HardState) ||
         (first.Kind == BatchOperationKind.HardState && second.Kind == BatchOperationKind.Append));

    /// <summary>
    /// Closes the batch with a BatchEnd record, appends its last chunk and commits the device with a
    /// cookie naming the last LSN, the batch and the durable end.
    /// </summary>
    private ulong CommitDevice()
    {
        var batchSeq = DurableBatchSeq + 1;
        encoder.BatchEnd(batchSeq);
        FlushChunk();
        var cookie = new CommitCookie(encoder.NextLsn - 1, batchSeq, device.TailAddress);
        device.Commit(cookie.Encode());
        DurableBatchSeq = batchSeq;
        Metrics.PublishLogBytes(LogBytes);
        return batchSeq;
    }

    private void Write(WriteBatch batch, BatchOperation operation)
    {
        var groupId = operation.GroupId;
        switch (operation.Kind)
        {
            case BatchOperationKind.Bootstrap:
            case BatchOperationKind.InstallSnapshot:
                encoder.Snapshot(RecordKind.SnapshotInstalled, groupId, operation.Metadata!);
                break;
            case BatchOperationKind.Append:
                encoder.Entries(groupId, batch.EntriesOf(operation), null);
                break;
            case BatchOperationKind.HardState:
                encoder.HardState(groupId, operation.HardState);
                break;
            case BatchOperationKind.CreateSnapshot:
                var created = operation.Metadata! with { Term = TermOf(groupId, operation.Index) };
                encoder.Snapshot(RecordKind.SnapshotCreated, groupId, created);
                break;
            case BatchOperationKind.Compact:
                encoder.Compacted(groupId, operation.Index, TermOf(groupId, operation.Index));
                break;
            default:
                Invariant.Unreachable($"operation {operation.Kind}");
                break;
        }
    }

    /// <summary>
    /// The term at an index as the earlier operations of this batch leave it. Records are applied when
    /// their chunk is appended, so when the pending chunk holds a record of this group it is flushed
    /// first (snapshots are rare: the extra device entry costs nothing that matters).
    /// </summary>
    private ulong TermOf(ulong groupId, ulong index)
    {
        if (encoder.PendingGroups.Contains(groupId))
        {
            FlushChunk();
        }

        ulong term = 0;
        var found = table.TryGet(groupId, out var group) && group.TryGetTerm(index, out term);
        Invariant.Assert(found, "no term at the index although the batch validated it");
        return term;
    }

    /// <summary>
    /// Appends the pending chunk to the device and applies its records through the same code recovery
    /// uses (<see cref="GroupTable.Apply"/>), so what the engine serves after a commit is exactly what it
    /// would rebuild from the log. The checksums were computed a moment ago from these very bytes, so
    /// only the framing is re-read here, not the CRCs.
    /// </summary>
    private void FlushChunk()
    {
        var writer = encoder.Writer;
        if (writer.Length == 0)
        {
            return;
        }

        var address = device.Append(writer.Chunk);
        var chunk = writer.ChunkMemory;
        var offset = 0;
        while (offset < chunk.Length)
        {
            var framed = RecordDecoder.TryReadHeader(chunk.Span[offset..], out var header, out var why);
            Invariant.Assert(framed, why);
            var error = table.Apply(header, chunk.Slice(offset + RecordLayout.HeaderBytes, header.PayloadLength), address);
            Invariant.Assert(error is null, error);
            offset += header.RecordBytes;
        }

        writer.Reset();
        encoder.PendingGroups.Clear();
    }
}
