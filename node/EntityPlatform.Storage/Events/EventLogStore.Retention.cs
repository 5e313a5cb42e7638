namespace EntityPlatform.Storage.Events;

public sealed partial class EventLogStore
{
    /// <summary>
    /// One bounded retention pass: trims whole index intervals from the head while the log is over
    /// <see cref="EventRetention.MaxBytes"/> or the next interval starts before <see cref="EventRetention.MaxAge"/>,
    /// at most <see cref="EventLogOptions.TrimStepsPerPass"/> of them. The newest interval is always kept.
    /// A reader mid-scan makes the pass skip (it never waits): the next tick trims. Returns the intervals trimmed.
    /// </summary>
    public int Trim(EventRetention retention)
    {
        if (!scanLock.TryEnterWriteLock(0))
        {
            return 0;
        }

        var steps = 0;
        try
        {
            var cutoffUnixMs = retention.MaxAge is { } age ? clock.GetUtcNow().Subtract(age).ToUnixTimeMilliseconds() : long.MinValue;
            while (steps < options.TrimStepsPerPass)
            {
                EventIndexPoint next;
                lock (state)
                {
                    if (IndexCount < 2)
                    {
                        break;
                    }

                    next = index[indexHead + 1];
                    var overBytes = retention.MaxBytes is { } maxBytes && log.TailAddress - index[indexHead].Address > maxBytes;
                    var overAge = next.AppliedAtUnixMs < cutoffUnixMs;
                    if (!overBytes && !overAge)
                    {
                        break;
                    }

                    indexHead++;
                    firstOffset = next.Offset;
                    start = EventLogStart.Retention;
                    CompactIndex();
                }

                log.TruncateUntil(next.Address);
                steps++;
            }
        }
        finally
        {
            scanLock.ExitWriteLock();
        }

        if (steps > 0)
        {
            unflushed = true;
        }

        return steps;
    }

    // Trimmed points are dropped in bulk, so a pass costs O(steps) and the list stays proportional to what is kept.
    private void CompactIndex()
    {
        if (indexHead >= 1024 && indexHead * 2 >= index.Count)
        {
            index.RemoveRange(0, indexHead);
            indexHead = 0;
        }
    }
}
