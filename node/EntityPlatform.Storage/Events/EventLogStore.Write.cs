namespace EntityPlatform.Storage.Events;

public sealed partial class EventLogStore
{
    /// <summary>
    /// Appends an applied event. An offset at or below <see cref="LastOffset"/> is a replay after a restart
    /// (the log already has it) and is ignored; an offset past <see cref="LastOffset"/> + 1 means this
    /// replica's state jumped ahead of its log (a snapshot), so the log restarts at that offset.
    /// Returns whether the event was appended.
    /// </summary>
    public bool Append(ulong offset, string entityId, ReadOnlySpan<byte> payload)
    {
        Invariant.Assert(offset > 0, "event offsets start at 1");
        ulong last;
        lock (state)
        {
            last = lastOffset;
        }

        if (offset <= last)
        {
            return false;
        }

        if (offset != last + 1)
        {
            StartAt(offset);
        }

        var record = EventRecordCodec.Encode(EventRecordCodec.Event, offset, clock.GetUtcNow().ToUnixTimeMilliseconds(), entityId, payload);
        Invariant.Assert(record.Length <= options.MaxRecordBytes, $"event record of {record.Length} bytes (entity '{entityId}', offset {offset})");
        var address = log.Enqueue(record);
        lock (state)
        {
            if (IndexCount == 0 || ++eventsSinceIndexPoint >= options.IndexEveryEvents)
            {
                index.Add(new EventIndexPoint(offset, address, clock.GetUtcNow().ToUnixTimeMilliseconds()));
                eventsSinceIndexPoint = 0;
            }

            if (IndexCount == 1 && index[indexHead].Address == address)
            {
                firstOffset = offset;
            }

            lastOffset = offset;
        }

        unpublished = true;
        unflushed = true;
        return true;
    }

    /// <summary>
    /// Makes the log start at <paramref name="nextOffset"/> when it does not hold the offsets before it (the
    /// replica was installed from a snapshot whose state has events up to <paramref name="nextOffset"/> - 1).
    /// Older events this replica held are dropped: they are not contiguous with what comes next. Readers
    /// asking for older offsets are told to try another replica (<see cref="EventLogStart.Snapshot"/>).
    /// </summary>
    public void StartAt(ulong nextOffset)
    {
        lock (state)
        {
            if (lastOffset + 1 >= nextOffset)
            {
                return;
            }
        }

        // Waits at most for the readers' current bounded batches: resets happen only on snapshot installs.
        scanLock.EnterWriteLock();
        try
        {
            log.TruncateUntil(log.TailAddress);
            var marker = EventRecordCodec.Encode(EventRecordCodec.StartMarker, nextOffset, clock.GetUtcNow().ToUnixTimeMilliseconds(), "", []);
            var address = log.Enqueue(marker);
            lock (state)
            {
                index.Clear();
                indexHead = 0;
                index.Add(new EventIndexPoint(nextOffset, address, clock.GetUtcNow().ToUnixTimeMilliseconds()));
                eventsSinceIndexPoint = 0;
                firstOffset = nextOffset;
                lastOffset = nextOffset - 1;
                start = EventLogStart.Snapshot;
            }
        }
        finally
        {
            scanLock.ExitWriteLock();
        }

        unpublished = true;
        unflushed = true;
    }

    /// <summary>Wakes the readers waiting for new events; the loop calls it once per batch of appends.</summary>
    public void Publish()
    {
        if (!unpublished)
        {
            return;
        }

        unpublished = false;
        TaskCompletionSource woken;
        lock (state)
        {
            woken = appended;
            appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    /// <summary>
    /// The loop calls it every tick: once <see cref="EventLogOptions.CommitInterval"/> has passed since the
    /// last commit, starts committing what was appended, without waiting. Returns whether it committed.
    /// </summary>
    public bool Flush()
    {
        if (!unflushed || clock.GetElapsedTime(lastCommitTimestamp) < options.CommitInterval)
        {
            return false;
        }

        unflushed = false;
        lastCommitTimestamp = clock.GetTimestamp();
        log.Commit(spinWait: false);
        return true;
    }

    /// <summary>
    /// Writes everything appended to disk and waits: called before a local snapshot is taken, so a restart
    /// from that snapshot finds every event it numbered (else the log would have to restart after it).
    /// </summary>
    public void FlushAndWait()
    {
        unflushed = false;
        lastCommitTimestamp = clock.GetTimestamp();
        log.Commit(spinWait: true);
    }

    /// <summary>
    /// Completes when <paramref name="offset"/> has been appended, the log was reset, or after
    /// <paramref name="timeout"/>; a reader re-reads either way.
    /// </summary>
    public async Task WaitForAsync(ulong offset, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (state)
        {
            if (lastOffset >= offset || firstOffset > offset)
            {
                return;
            }

            signal = appended.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A bounded wait: the caller checks its stream is still wanted and waits again.
        }
    }

    private int IndexCount => index.Count - indexHead;
}
