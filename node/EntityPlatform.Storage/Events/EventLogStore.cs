using EntityPlatform.Storage.Devices;
using FASTER.core;

namespace EntityPlatform.Storage.Events;

/// <summary>
/// One shard replica's event log: every applied event, in offset order, in its own FasterLog apart from the
/// Raft log (so Raft log compaction and snapshots never remove events). The scheduler's loop thread is the
/// only writer (<see cref="Append"/>, <see cref="StartAt"/>, <see cref="Trim"/>); any thread may read.
/// Readers see records as soon as they are appended (the log is scanned uncommitted): they were committed
/// and applied by Raft already, and losing an unflushed tail in a crash only shortens this replica's copy.
/// Invariant: the log holds the offsets <see cref="FirstOffset"/>..<see cref="LastOffset"/>, contiguous.
/// </summary>
public sealed partial class EventLogStore : IDisposable
{
    private readonly string directory;
    private readonly EventLogOptions options;
    private readonly TimeProvider clock;
    private readonly IDevice device;
    private readonly SlotLogCommitManager commits;
    private readonly FasterLog log;
    private long lastCommitTimestamp;

    // Readers hold it shared while they scan; trimming and resets move BeginAddress and hold it exclusively.
    // The loop thread never waits for it when trimming (it skips a pass instead), so readers cannot stall writes.
    private readonly ReaderWriterLockSlim scanLock = new();

    // Guards the index and the offsets below; held only for short in-memory work.
    private readonly Lock state = new();
    private readonly List<EventIndexPoint> index = [];
    private int indexHead;
    private ulong firstOffset = 1;
    private ulong lastOffset;
    private EventLogStart start = EventLogStart.Retention;
    private int eventsSinceIndexPoint;
    private TaskCompletionSource appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool unpublished;
    private bool unflushed;

    private EventLogStore(string directory, EventLogOptions options, TimeProvider clock)
    {
        this.directory = directory;
        this.options = options;
        this.clock = clock;
        Invariant.Assert(options.MaxRecordBytes < (1 << options.PageSizeBits) - 64, "an event record must fit in a page");
        Directory.CreateDirectory(directory);
        Invariant.Assert(options.CommitInterval > TimeSpan.Zero, "the event log's commit interval is positive");
        device = FASTER.core.Devices.CreateLogDevice(Path.Combine(directory, "events.log"), preallocateFile: false);
        // Two fixed slots instead of FASTER's default of a new commit file (and a delete) per commit.
        commits = new SlotLogCommitManager(directory);
        log = new FasterLog(new FasterLogSettings
        {
            LogDevice = device,
            LogCommitManager = commits,
            PageSizeBits = options.PageSizeBits,
            MemorySizeBits = options.MemorySizeBits,
            SegmentSizeBits = options.SegmentSizeBits,
            AutoRefreshSafeTailAddress = true,
            TryRecoverLatest = true,
        });
        lastCommitTimestamp = clock.GetTimestamp();
    }

    /// <summary>Opens (or creates) the log in <paramref name="directory"/> and rebuilds its sparse index with one scan.</summary>
    public static EventLogStore Open(string directory, EventLogOptions? options = null, TimeProvider? clock = null)
    {
        var store = new EventLogStore(directory, options ?? new EventLogOptions(), clock ?? TimeProvider.System);
        store.RebuildIndex();
        return store;
    }

    /// <summary>Removes a replica's event log from disk (the replica was removed from this node).</summary>
    public static void Delete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The oldest offset this replica holds (or will hold next, when empty).</summary>
    public ulong FirstOffset
    {
        get
        {
            lock (state)
            {
                return firstOffset;
            }
        }
    }

    /// <summary>The newest offset appended (0 when nothing was ever appended).</summary>
    public ulong LastOffset
    {
        get
        {
            lock (state)
            {
                return lastOffset;
            }
        }
    }

    /// <summary>Why the log starts at <see cref="FirstOffset"/>.</summary>
    public EventLogStart Start
    {
        get
        {
            lock (state)
            {
                return start;
            }
        }
    }

    /// <summary>Logical bytes held (tail - begin); the files free trimmed space a whole segment at a time.</summary>
    public long Bytes => log.TailAddress - log.BeginAddress;

    public override string ToString() => $"event log {directory} ({FirstOffset}..{LastOffset}, {Bytes} bytes)";

    /// <summary>
    /// Closes the log. Waits for readers' current (bounded) batches; later reads throw ObjectDisposedException.
    /// The lock itself is left to the collector: disposing it under a waiting reader would throw there.
    /// </summary>
    public void Dispose()
    {
        scanLock.EnterWriteLock();
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            log.Dispose();
            device.Dispose();
            commits.Dispose();
        }
        finally
        {
            scanLock.ExitWriteLock();
        }
    }

    private bool disposed;
}
