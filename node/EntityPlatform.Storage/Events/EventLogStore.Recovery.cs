namespace EntityPlatform.Storage.Events;

public sealed partial class EventLogStore
{
    /// <summary>
    /// One scan of what the last commit kept: the first and last offsets, why the log starts where it does
    /// (a start marker first means a snapshot reset), and one index point per interval. Offsets must be
    /// contiguous: anything else is damage to our own file.
    /// </summary>
    private void RebuildIndex()
    {
        using var iterator = log.Scan(log.BeginAddress, log.TailAddress);
        var count = 0;
        while (iterator.GetNext(out byte[] entry, out var length, out var address, out _))
        {
            var (kind, stored) = EventRecordCodec.Decode(entry.AsSpan(0, length));
            if (kind == EventRecordCodec.StartMarker)
            {
                Invariant.Assert(count == 0, $"event log {directory} has a start marker after {count} records");
                index.Add(new EventIndexPoint(stored.Offset, address, stored.AppliedAtUnixMs));
                firstOffset = stored.Offset;
                lastOffset = stored.Offset - 1;
                start = EventLogStart.Snapshot;
                count++;
                continue;
            }

            if (index.Count == 0)
            {
                firstOffset = stored.Offset;
                lastOffset = stored.Offset - 1;
            }

            Invariant.Assert(stored.Offset == lastOffset + 1, $"event log {directory} holds offset {stored.Offset} after {lastOffset}");
            if (index.Count == 0 || ++eventsSinceIndexPoint >= options.IndexEveryEvents)
            {
                index.Add(new EventIndexPoint(stored.Offset, address, stored.AppliedAtUnixMs));
                eventsSinceIndexPoint = 0;
            }

            lastOffset = stored.Offset;
            count++;
        }
    }
}
