using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

public sealed partial class LogEngine
{
    /// <summary>
    /// Makes the whole batch durable with one device commit (one fsync) and returns its batch sequence
    /// number, which <see cref="DurableBatchSeq"/> then equals. Only after this returns may the caller send
    /// the messages or answer the clients of that Ready. Reads see the batch once it returns. An I/O error
    /// leaves the engine failed (memory may be ahead of disk): reopen to recover.
    /// </summary>
    public ulong Commit(WriteBatch batch)
    {
        ThrowIfFaulted();
        if (!ReferenceEquals(batch.Engine, this))
        {
            throw new StorageUsageException("the batch was made by another LogEngine instance (NewBatch of this one)");
        }

        try
        {
            foreach (var operation in batch.Operations)
            {
                Write(operation);
            }

            return CommitDevice();
        }
        catch (Exception ex) when (ex is not InvariantViolationException)
        {
            faulted = ex.Message;
            throw;
        }
    }

    /// <summary>Commits the device with a cookie naming the last LSN, the batch and the durable end.</summary>
    private ulong CommitDevice()
    {
        var batchSeq = DurableBatchSeq + 1;
        var cookie = new CommitCookie(encoder.NextLsn - 1, batchSeq, device.TailAddress);
        device.Commit(cookie.Encode());
        DurableBatchSeq = batchSeq;
        return batchSeq;
    }

    private void Write(BatchOperation operation)
    {
        var groupId = operation.GroupId;
        switch (operation.Kind)
        {
            case BatchOperationKind.Bootstrap:
            case BatchOperationKind.InstallSnapshot:
                AppendAndApply(encoder.Snapshot(RecordKind.SnapshotInstalled, groupId, operation.Metadata!));
                break;
            case BatchOperationKind.Append:
                foreach (var record in encoder.Entries(groupId, operation.Entries!))
                {
                    AppendAndApply(record);
                }

                break;
            case BatchOperationKind.HardState:
                AppendAndApply(encoder.HardState(groupId, operation.HardState));
                break;
            case BatchOperationKind.CreateSnapshot:
                var created = operation.Metadata! with { Term = TermOf(groupId, operation.Index) };
                AppendAndApply(encoder.Snapshot(RecordKind.SnapshotCreated, groupId, created));
                break;
            case BatchOperationKind.Compact:
                AppendAndApply(encoder.Compacted(groupId, operation.Index, TermOf(groupId, operation.Index)));
                break;
            default:
                Invariant.Unreachable($"operation {operation.Kind}");
                break;
        }
    }

    private ulong TermOf(ulong groupId, ulong index)
    {
        var found = table.TryGet(groupId, out var group) && group.TryGetTerm(index, out var term);
        Invariant.Assert(found, $"group {groupId}: no term at {index} although the batch validated it");
        group.TryGetTerm(index, out term);
        return term;
    }

    /// <summary>
    /// Appends one record and applies it through the same code recovery uses, so what the engine serves
    /// after a commit is exactly what it would rebuild from the log.
    /// </summary>
    private void AppendAndApply(byte[] record)
    {
        var address = device.Append(record);
        var decoded = RecordDecoder.TryDecode(record, out var header, out var why);
        Invariant.Assert(decoded, why);
        var error = table.Apply(header, record.AsMemory(RecordLayout.HeaderBytes), address);
        Invariant.Assert(error is null, error);
    }
}
