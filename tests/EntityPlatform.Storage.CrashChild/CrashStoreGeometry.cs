using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.CrashChild;

/// <summary>Small pages and 1 MiB segments, so the crash runs cross pages and segments and truncate files.</summary>
public static class CrashStoreGeometry
{
    public static FasterLogDeviceOptions Device { get; } = new()
    {
        PageSizeBits = 18,
        MemorySizeBits = 20,
        SegmentSizeBits = 20,
        MaxRecordBytes = 64 << 10,
    };

    // 16 KiB chunks: many batches span several chunks, so kills land between the chunks of one batch too.
    public static LogEngineOptions Engine { get; } = new() { MaxEntryBytes = 32 << 10, RelocateBudgetBytes = 256 << 10, ChunkBytes = 16 << 10 };
}
