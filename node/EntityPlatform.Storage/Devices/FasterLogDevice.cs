using FASTER.core;

namespace EntityPlatform.Storage.Devices;

/// <summary>
/// <see cref="ILogDevice"/> on one FasterLog in <c>directory</c>: segment files <c>log.N</c> and FASTER's
/// commit metadata in <c>commit-slots</c> (<see cref="SlotLogCommitManager"/>). A commit is
/// <c>CommitStrongly</c>, which writes the pages (FASTER opens segments write-through) and then the commit
/// metadata with our cookie; the caller's thread sleeps until FASTER's callback says the commit is persistent. FASTER's recovery restores the last commit, so the scan never
/// shows bytes past it.
/// </summary>
public sealed class FasterLogDevice : ILogDevice
{
    private readonly IDevice device;
    private readonly FasterLog log;
    private readonly FasterLogDeviceOptions options;
    private readonly string directory;
    private readonly SlotLogCommitManager commits;

    // Set by FASTER's commit callback. The scheduler loop blocks on it rather than using CommitStrongly's
    // spinWait, which loops on Thread.Yield: with three nodes on two cores that spin was ~20% of all CPU.
    private readonly ManualResetEventSlim persisted = new(false, spinCount: 1);
    private readonly Action signalPersisted;

    public FasterLogDevice(string directory, FasterLogDeviceOptions? options = null)
    {
        this.options = options ?? new FasterLogDeviceOptions();
        Invariant.Assert(this.options.MaxRecordBytes < (1 << this.options.PageSizeBits) - 64, "a record must fit in a page");
        this.directory = directory;
        signalPersisted = persisted.Set;
        Directory.CreateDirectory(directory);
        device = FASTER.core.Devices.CreateLogDevice(Path.Combine(directory, "log"), preallocateFile: false);
        log = new FasterLog(new FasterLogSettings
        {
            LogDevice = device,
            PageSizeBits = this.options.PageSizeBits,
            MemorySizeBits = this.options.MemorySizeBits,
            SegmentSizeBits = this.options.SegmentSizeBits,
            LogCommitManager = commits = new SlotLogCommitManager(directory),
            AutoRefreshSafeTailAddress = false,
            TryRecoverLatest = true,
            FastCommitMode = this.options.FastCommit,
            LogChecksum = this.options.FastCommit ? LogChecksumType.PerEntry : LogChecksumType.None,
        });
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

    /// <summary>
    /// Commits and returns once the commit is persistent. Commits are serial (the engine waits for each),
    /// so one event suffices: no callback of an earlier commit can arrive after the reset.
    /// </summary>
    public void Commit(ReadOnlySpan<byte> cookie)
    {
        persisted.Reset();
        if (!log.CommitStrongly(out var tail, out var number, spinWait: false, cookie: cookie.ToArray(), callback: signalPersisted))
        {
            throw new IOException($"FasterLog commit in {directory} failed");
        }

        while (!persisted.Wait(FailureCheckInterval))
        {
            ThrowIfCommitFailed(tail, number);
        }
    }

    private static readonly TimeSpan FailureCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// FASTER never calls back for a failed commit: it faults its commit task instead, which
    /// WaitForCommitAsync rethrows. A pending check is dropped (it completes with a later commit).
    /// </summary>
    private void ThrowIfCommitFailed(long tail, long number)
    {
        var check = log.WaitForCommitAsync(tail, number);
        if (check.IsFaulted)
        {
            check.GetAwaiter().GetResult();
        }
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
