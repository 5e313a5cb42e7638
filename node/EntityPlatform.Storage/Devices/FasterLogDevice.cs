using FASTER.core;

namespace EntityPlatform.Storage.Devices;

/// <summary>
/// <see cref="ILogDevice"/> on one FasterLog in <c>directory</c>: segment files <c>log.N</c> and FASTER's
/// commit metadata in <c>commit-slots</c> (<see cref="SlotLogCommitManager"/>). A commit is
/// <c>CommitStrongly</c>, which writes the pages (FASTER opens segments write-through) and then the commit
/// metadata with our cookie; the caller's thread sleeps until FASTER's callback says the commit is persistent,
/// which (FASTER's fast-commit mode being off, see <see cref="OpenLog"/>) is after both writes. FASTER's
/// recovery restores the last commit whose metadata was written, so the scan never shows bytes past it.
/// </summary>
public sealed class FasterLogDevice : ILogDevice
{
    private readonly FasterLogDeviceOptions options;
    private readonly string directory;
    private IDevice device;
    private FasterLog log;
    private SlotLogCommitManager commits;

    // Set by FASTER's commit callbacks. The scheduler loop blocks on it rather than using CommitStrongly's
    // spinWait, which loops on Thread.Yield: with three nodes on two cores that spin was ~20% of all CPU.
    private readonly ManualResetEventSlim persisted = new(false, spinCount: 1);

    // Commits are numbered here; a callback records that its own commit is persistent. So a late callback
    // of an earlier commit (one that returned through the failure check) cannot release a later one.
    private long commitsRequested;
    private long persistedThrough;

    public FasterLogDevice(string directory, FasterLogDeviceOptions? options = null)
    {
        this.options = options ?? new FasterLogDeviceOptions();
        Invariant.Assert(this.options.MaxRecordBytes < (1 << this.options.PageSizeBits) - 64, "a record must fit in a page");
        this.directory = directory;
        Directory.CreateDirectory(directory);
        (device, log, commits) = OpenLog();
    }

    private (IDevice Device, FasterLog Log, SlotLogCommitManager Commits) OpenLog()
    {
        var files = FASTER.core.Devices.CreateLogDevice(Path.Combine(directory, "log"), preallocateFile: false);
        var slots = new SlotLogCommitManager(directory);
        var faster = new FasterLog(new FasterLogSettings
        {
            LogDevice = files,
            PageSizeBits = options.PageSizeBits,
            MemorySizeBits = options.MemorySizeBits,
            SegmentSizeBits = options.SegmentSizeBits,
            LogCommitManager = slots,
            AutoRefreshSafeTailAddress = false,
            TryRecoverLatest = true,
            // Never FASTER's fast-commit mode: it recovers a commit that was never acknowledged and whose
            // records are not all on disk. Fast commit writes a commit record into the log and, on recovery,
            // scans forward from the last metadata for the newest commit record. But FASTER writes a commit's
            // pages concurrently (the write of a new page starts while the previous page's tail write is still
            // pending), so a crash can leave page P+1, with the commit record, on disk and P's tail not; and its
            // scan takes a zero length word in mid-page for end-of-page padding and jumps to the next page. So
            // it adopted that commit across the unwritten hole, and recovery reported the records that were in
            // it as missing ("records with LSN a..b are missing" at a page boundary: CrashProcessTests,
            // LostPageTailWriteTests). Without fast commit FASTER writes the metadata (our cookie) only after
            // every page below the commit's end has been written (its flushed-until address only moves over a
            // contiguous written range), recovery uses that metadata alone, and the commit returns only after
            // it is written. Cost: an acknowledgement waits for the 4 KiB slot write as well as the pages.
            FastCommitMode = false,
            // FASTER's per-entry checksum (the on-disk format of existing stores, which were written with fast
            // commit): a torn or damaged entry is reported as unreadable instead of framed as garbage.
            LogChecksum = LogChecksumType.PerEntry,
        });
        return (files, faster, slots);
    }

    /// <summary>
    /// After a failed commit FasterLog's in-memory tail may hold pages that never reached the file, so it is
    /// closed and opened again: FASTER's recovery restores the last commit, as after a crash.
    /// </summary>
    public void ResetToDurable()
    {
        try
        {
            log.Dispose();
        }
        catch (Exception error) when (error is not InvariantViolationException)
        {
            // A log whose flush failed may fail to close cleanly too; what counts is the reopen below.
        }

        device.Dispose();
        commits.Dispose();
        // The commit counters keep counting: a late callback of a commit of the old log carries a smaller
        // number, so it cannot release a commit of the new one.
        (device, log, commits) = OpenLog();
    }

    public long BeginAddress => log.BeginAddress;
    public long TailAddress => log.TailAddress;
    public ReadOnlyMemory<byte> RecoveredCookie => log.RecoveredCookie ?? ReadOnlyMemory<byte>.Empty;
    public int MaxRecordBytes => options.MaxRecordBytes;

    public long Append(ReadOnlySpan<byte> record)
    {
        Invariant.Assert(record.Length <= options.MaxRecordBytes, $"record of {record.Length} bytes");
        return log.Enqueue(record);
    }

    /// <summary>Commits and returns once the commit is persistent. The engine commits from one thread at a time.</summary>
    public void Commit(ReadOnlySpan<byte> cookie)
    {
        var mine = ++commitsRequested;
        void Persisted()
        {
            InterlockedMax(ref persistedThrough, mine);
            persisted.Set();
        }

        if (!log.CommitStrongly(out var tail, out var number, spinWait: false, cookie: cookie.ToArray(), callback: Persisted))
        {
            throw new IOException($"FasterLog commit in {directory} failed");
        }

        // The callback raises persistedThrough before it sets the event, and the loop checks it after each
        // reset, so no wake-up is lost.
        while (Volatile.Read(ref persistedThrough) < mine)
        {
            if (!persisted.Wait(FailureCheckInterval) && CommitFinishedWithoutCallback(tail, number))
            {
                return;
            }

            persisted.Reset();
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Volatile.Read(ref target);
        while (seen < value)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private static readonly TimeSpan FailureCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// FASTER never calls back for a failed commit: it faults its commit task instead, which
    /// WaitForCommitAsync rethrows. A pending check is dropped (it completes with a later commit).
    /// </summary>
    private bool CommitFinishedWithoutCallback(long tail, long number)
    {
        var check = log.WaitForCommitAsync(tail, number);
        if (check.IsFaulted)
        {
            check.GetAwaiter().GetResult();
        }

        // Durable by FASTER's own account (what CommitStrongly's spin waited for): do not wait on a callback
        // that may not come, for instance for a commit that had nothing new to write.
        return check.IsCompletedSuccessfully;
    }

    public IEnumerable<DeviceRecord> Scan(long fromAddress) =>
        new FasterLogScan(log, fromAddress, log.CommittedUntilAddress, options.PageSizeBits).Records();

    public void TruncateHead(long untilAddress) => log.TruncateUntil(untilAddress);

    public void DiscardTail(long fromAddress)
    {
        // FasterLog recovers to its last commit, and the engine's cookie is written by that same commit,
        // so a tail past the cookie cannot exist here; anything else means the metadata is inconsistent.
        if (fromAddress < log.TailAddress)
        {
            throw new IOException($"{Describe(fromAddress)}: records past the last commit cookie (tail {log.TailAddress}); " +
                                  "FasterLog commit metadata and the log disagree");
        }
    }

    public string Describe(long address) =>
        $"{Path.Combine(directory, "log")}.{address >> options.SegmentSizeBits} offset {address & ((1L << options.SegmentSizeBits) - 1)} (address {address})";

    public void Dispose()
    {
        log.Dispose();
        device.Dispose();
        commits.Dispose();
        persisted.Dispose();
    }
}
