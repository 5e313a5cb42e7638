using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>Finds the records packed into a device chunk, so tests can damage one record precisely.</summary>
public static class Chunks
{
    public static IReadOnlyList<(int Offset, RecordHeader Header)> Records(MemoryLogDevice device, long chunkAddress)
    {
        var chunk = device.Scan(chunkAddress).First().Bytes.ToArray();
        var records = new List<(int Offset, RecordHeader Header)>();
        for (var offset = 0; offset < chunk.Length;)
        {
            Assert.True(RecordDecoder.TryReadHeader(chunk.AsSpan(offset), out var header, out var why), why);
            records.Add((offset, header));
            offset += header.RecordBytes;
        }

        return records;
    }
}
