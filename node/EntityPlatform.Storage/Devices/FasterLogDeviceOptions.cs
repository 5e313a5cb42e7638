namespace EntityPlatform.Storage.Devices;

/// <summary>FasterLog geometry. Bits are log2 of a size in bytes, as FASTER takes them.</summary>
public sealed record FasterLogDeviceOptions
{
    /// <summary>Page size: a record must fit in one page, so this also bounds the record size (4 MiB).</summary>
    public int PageSizeBits { get; init; } = 22;

    /// <summary>In-memory ring of pages FasterLog buffers before they reach the file (32 MiB).</summary>
    public int MemorySizeBits { get; init; } = 25;

    /// <summary>Segment file size; head truncation frees whole segments (64 MiB).</summary>
    public int SegmentSizeBits { get; init; } = 26;

    /// <summary>Largest record the engine may append (1 MiB, well under a page).</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;
}
