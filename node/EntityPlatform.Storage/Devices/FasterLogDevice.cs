using FASTER.core;

namespace EntityPlatform.Storage.Devices;

/// <summary>
/// <see cref="ILogDevice"/> on one FasterLog in <c>directory</c>: segment files <c>log.N</c> and FASTER's
/// commit metadata in <c>commit-slots</c> (<see cref="SlotLogCommitManager"/>). A commit is
/// <c>CommitStrongly(spinWait)</c>, which writes the pages (FASTER opens segments write-through) and then
/// the commit metadata with our cookie. FASTER's recovery restores the last commit, so the scan never
/// shows bytes past it.
/// </summary>
public sealed class FasterLogDevice : ILogDevice
{
    private readonly IDevice device;
    private readonly FasterLog log;
    private readonly FasterLogDeviceOptions options;
    private readonly string directory;
    private readonly SlotLogCommitManager commits;

    public FasterLogDevice(string directory, FasterLogDeviceOptions? options = null)
    {
        this.options = options ?? new FasterLogDeviceOptions();
        Invariant.Assert(this.options.MaxRecordBytes < (1 << this.options.PageSizeBits) - 64, "a record must fit in a page");
        this.directory = directory;
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

    public void Commit(ReadOnlySpan<byte> cookie)
    {
        if (!log.CommitStrongly(out _, out _, spinWait: true, cookie: cookie.ToArray()))
        {
            throw new IOException($"FasterLog commit in {directory} failed");
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
    }
}
