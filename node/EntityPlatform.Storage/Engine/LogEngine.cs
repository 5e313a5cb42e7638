using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Metrics;
using EntityPlatform.Storage.Records;
using EntityPlatform.Storage.Recovery;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// The node's one durable log for all its Raft groups: entries, hard states and snapshot metadata
/// (which carries the membership) of every group, multiplexed by group id on one <see cref="ILogDevice"/>.
/// Writes go through <see cref="NewBatch"/> and <see cref="Commit"/> (one device commit, one fsync, per
/// batch); reads go through <see cref="Group"/>, an <c>IRaftLogStorage</c> per group served from memory.
/// Not thread-safe: meant for the one scheduler loop that drives every group on the node.
/// </summary>
public sealed partial class LogEngine : IDisposable
{
    private readonly ILogDevice device;
    // Replaced whole when a full disk rolls the engine back to its last commit (LogEngine.Failures.cs).
    private GroupTable table = new();
    private DamageLedger ledger = new();
    private readonly RecordEncoder encoder;
    private readonly Dictionary<ulong, GroupLogView> views = [];
    private string? faulted;

    // The buffers of the last committed batch, cleared, for the next NewBatch.
    private BatchBuffers? spareBuffers;

    private LogEngine(ILogDevice device, LogEngineOptions options)
    {
        this.device = device;
        Options = options;
        Invariant.Assert(RecordLayout.HeaderBytes + RecordCodec.EntriesPayloadBytes(1, options.MaxEntryBytes, withHardState: true) <= device.MaxRecordBytes,
            "MaxEntryBytes must fit in a device record");
        Invariant.Assert(options.ChunkBytes >= ChunkLayout.BatchEndBytes, "ChunkBytes must hold at least a record header");
        encoder = new RecordEncoder(device.MaxRecordBytes, options.ChunkBytes, FlushChunk);
        var (cookie, report) = new LogRecovery(device, table, ledger).Run();
        encoder.NextLsn = cookie.LastLsn + 1;
        DurableBatchSeq = cookie.BatchSeq;
        Recovery = report;
        Metrics.PublishLogBytes(LogBytes);
    }

    /// <summary>Opens (recovering) the FASTER-backed log in <paramref name="directory"/>.</summary>
    public static LogEngine Open(string directory, LogEngineOptions? options = null, FasterLogDeviceOptions? deviceOptions = null) =>
        Open(new FasterLogDevice(directory, deviceOptions), options);

    /// <summary>Opens (recovering) the log on any device; the engine disposes the device.</summary>
    public static LogEngine Open(ILogDevice device, LogEngineOptions? options = null)
    {
        try
        {
            return new LogEngine(device, options ?? new LogEngineOptions());
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public LogEngineOptions Options { get; }

    /// <summary>Log size, compactions and disk-full refusals, also on the Meter "EntityPlatform.Storage".</summary>
    public StorageMetrics Metrics { get; } = new();

    /// <summary>What recovery found when this engine was opened.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>Sequence number of the last batch known durable (survives restarts).</summary>
    public ulong DurableBatchSeq { get; private set; }

    /// <summary>Ids of the groups that exist and are not refused.</summary>
    public IReadOnlyList<ulong> GroupIds => table.Groups.Select(g => g.GroupId).Where(id => ledger.RefusalOf(id) is null).Order().ToArray();

    /// <summary>Groups refused because of damage, with the damage that refuses each (existing groups only).</summary>
    public IReadOnlyDictionary<ulong, Damage> RefusedGroups =>
        table.Groups.Select(g => (g.GroupId, Damage: ledger.RefusalOf(g.GroupId)))
            .Concat(ledger.GroupDamage.Select(p => (GroupId: p.Key, Damage: (Damage?)p.Value)))
            .Where(p => p.Damage is not null).DistinctBy(p => p.GroupId).ToDictionary(p => p.GroupId, p => p.Damage!);

    /// <summary>Damage no single group can be blamed for; while set, every group id needs a wipe before use.</summary>
    public Damage? StoreDamage => ledger.StoreDamage;

    public bool Contains(ulong groupId) => table.TryGet(groupId, out _) && ledger.RefusalOf(groupId) is null;

    /// <summary>
    /// The read view of a group. Throws <see cref="StorageCorruptionException"/> for a refused group and
    /// <see cref="StorageUsageException"/> for an unknown one.
    /// </summary>
    public GroupLogView Group(ulong groupId)
    {
        ThrowIfRefused(groupId);
        if (!table.TryGet(groupId, out _))
        {
            throw new StorageUsageException($"group {groupId}: no such group in this store (Bootstrap it first)");
        }

        if (!views.TryGetValue(groupId, out var view))
        {
            view = new GroupLogView(this, groupId);
            views[groupId] = view;
        }

        return view;
    }

    public WriteBatch NewBatch()
    {
        ThrowIfFaulted();
        var buffers = spareBuffers ?? new BatchBuffers();
        spareBuffers = null;
        return new WriteBatch(this, buffers);
    }

    public void Dispose()
    {
        device.Dispose();
        Metrics.Dispose();
    }

    internal int GroupCount => table.Count;

    internal bool TryGetState(ulong groupId, out GroupState state) => table.TryGet(groupId, out state);

    internal GroupShadow ShadowOf(ulong groupId) =>
        table.TryGet(groupId, out var g) ? new GroupShadow(true, g.OffsetIndex, g.LastIndex, g.Snapshot.Index) : default;

    internal void ThrowIfRefused(ulong groupId)
    {
        ThrowIfFaulted();
        if (ledger.RefusalOf(groupId) is { } damage)
        {
            throw new StorageCorruptionException(damage.Location, damage.GroupId ?? null, damage.Detail + $" (refusing group {groupId})");
        }
    }

    private void ThrowIfFaulted()
    {
        if (faulted is not null)
        {
            throw new IOException("the log engine failed earlier and must be reopened: " + faulted);
        }
    }
}
