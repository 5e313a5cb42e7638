using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>Small FASTER geometry (64 KiB pages, 256 KiB segments) so tests cross pages and segments quickly.</summary>
public static class Stores
{
    public static FasterLogDeviceOptions SmallDevice { get; } = new()
    {
        PageSizeBits = 16,
        MemorySizeBits = 19,
        SegmentSizeBits = 18,
        MaxRecordBytes = 16 << 10,
    };

    public static LogEngineOptions SmallEngine { get; } = new() { MaxEntryBytes = 8 << 10, RelocateBudgetBytes = 64 << 10 };

    public static LogEngine Open(string directory) => LogEngine.Open(directory, SmallEngine, SmallDevice);

    public static Entry[] Entries(ulong first, int count, ulong term, int dataBytes = 128, byte fill = 0)
    {
        var entries = new Entry[count];
        for (var k = 0; k < count; k++)
        {
            var data = new byte[dataBytes];
            Array.Fill(data, (byte)(fill + k));
            entries[k] = new Entry(term, first + (ulong)k, EntryType.Normal, data);
        }

        return entries;
    }

    public static void Commit(LogEngine engine, Action<WriteBatch> fill)
    {
        var batch = engine.NewBatch();
        fill(batch);
        engine.Commit(batch);
    }
}
