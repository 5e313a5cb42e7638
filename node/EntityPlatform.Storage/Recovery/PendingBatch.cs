using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Recovery;

/// <summary>
/// The checked records of the batch recovery is reading, held until the batch's BatchEnd record shows
/// the batch is whole; only then are they applied. The payloads are slices of the scanned chunks (which
/// the scan hands over), so holding them copies nothing; a batch is bounded by MaxBatchBytes (or, for a
/// compaction pass, by what it relocates).
/// </summary>
internal sealed class PendingBatch
{
    private readonly List<(RecordHeader Header, ReadOnlyMemory<byte> Payload, long Address)> records = [];

    public int Count => records.Count;

    public IReadOnlyList<(RecordHeader Header, ReadOnlyMemory<byte> Payload, long Address)> Records => records;

    /// <summary>Address of the chunk holding the batch's first record seen (for an incomplete batch's report).</summary>
    public long FirstAddress => records.Count == 0 ? -1 : records[0].Address;

    public void Add(RecordHeader header, ReadOnlyMemory<byte> payload, long address) => records.Add((header, payload, address));

    public void Clear() => records.Clear();
}
