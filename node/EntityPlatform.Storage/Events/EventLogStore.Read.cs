using FASTER.core;

namespace EntityPlatform.Storage.Events;

public sealed partial class EventLogStore
{
    /// <summary>
    /// Adds to <paramref name="into"/> the events from <paramref name="fromOffset"/> on, at most
    /// <paramref name="maxEvents"/> and about <paramref name="maxBytes"/> of payload (at least one event when
    /// there is one). Nothing is added when <paramref name="fromOffset"/> is past the head. When the offset
    /// is below this replica's first event the status says why and <paramref name="oldest"/> names the first
    /// offset it holds.
    /// </summary>
    public EventReadStatus Read(ulong fromOffset, int maxEvents, long maxBytes, List<StoredEvent> into, out ulong oldest)
    {
        Invariant.Assert(maxEvents > 0 && maxBytes > 0, "a read is bounded");
        scanLock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            long address;
            lock (state)
            {
                oldest = firstOffset;
                if (fromOffset < firstOffset)
                {
                    return start == EventLogStart.Retention ? EventReadStatus.BehindRetention : EventReadStatus.NotOnReplica;
                }

                if (fromOffset > lastOffset || IndexCount == 0)
                {
                    return EventReadStatus.Ok;
                }

                address = index[FloorPoint(fromOffset)].Address;
            }

            Scan(address, fromOffset, maxEvents, maxBytes, into);
            return EventReadStatus.Ok;
        }
        finally
        {
            scanLock.ExitReadLock();
        }
    }

    private void Scan(long address, ulong fromOffset, int maxEvents, long maxBytes, List<StoredEvent> into)
    {
        var added = 0;
        long bytes = 0;
        using var iterator = log.Scan(address, long.MaxValue, scanBufferingMode: ScanBufferingMode.SinglePageBuffering, scanUncommitted: true);
        // Ends at the readable tail: records appended but not yet visible are read on the next call.
        while (added < maxEvents && bytes < maxBytes && iterator.GetNext(out byte[] entry, out var length, out _, out _))
        {
            var (kind, stored) = EventRecordCodec.Decode(entry.AsSpan(0, length));
            if (kind != EventRecordCodec.Event || stored.Offset < fromOffset)
            {
                continue;
            }

            Invariant.Assert(stored.Offset == fromOffset + (ulong)added, $"event log {directory} holds offset {stored.Offset} where {fromOffset + (ulong)added} was expected");
            into.Add(stored);
            added++;
            bytes += stored.Payload.Length + stored.EntityId.Length;
        }
    }

    /// <summary>The index position of the last point at or before <paramref name="offset"/> (the first point when none is).</summary>
    private int FloorPoint(ulong offset)
    {
        int low = indexHead, high = index.Count - 1, found = indexHead;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (index[middle].Offset <= offset)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
