namespace EntityPlatform.Storage.Engine;

/// <summary>Limits of the engine. Everything is bounded so one bad caller cannot exhaust memory or disk.</summary>
public sealed record LogEngineOptions
{
    /// <summary>Largest entry data accepted (bytes); must leave room for the record and entry headers.</summary>
    public int MaxEntryBytes { get; init; } = (1 << 20) - 256;

    /// <summary>Most payload bytes one batch may carry; a full batch is committed before adding more.</summary>
    public long MaxBatchBytes { get; init; } = 64L << 20;

    /// <summary>Most operations in one batch.</summary>
    public int MaxBatchOperations { get; init; } = 1 << 20;

    /// <summary>Most groups one engine holds.</summary>
    public int MaxGroups { get; init; } = 1 << 20;

    /// <summary>
    /// Target size of one device entry (chunk) into which a batch's records are packed: large enough that
    /// the per-enqueue cost vanishes, small enough that little of a FASTER page is left unused when a
    /// chunk does not fit in its remainder. A chunk grows past it only to hold one large entry.
    /// </summary>
    public int ChunkBytes { get; init; } = 256 << 10;

    /// <summary>Compaction relocates at most this many live bytes per pass (the cost of unpinning the head).</summary>
    public long RelocateBudgetBytes { get; init; } = 16L << 20;

    /// <summary>
    /// <see cref="LogEngine.MaybeCompactLog"/> runs a pass once the log (head to tail) is larger than this.
    /// Each pass aims to free the older half, so the files stay near this size plus what is live (retained
    /// entries of groups that lag). Segment files are freed whole: keep it several segments large.
    /// </summary>
    public long CompactAboveBytes { get; init; } = 256L << 20;
}
