namespace EntityPlatform.Storage.Records;

/// <summary>
/// A chunk is one device entry (one FasterLog entry): records of one commit batch packed back to back,
/// with no chunk header of its own. Every record carries its own checksums (see <see cref="RecordLayout"/>),
/// so damage inside a chunk is pinned on the record, and through it on a group. A batch is one or more
/// chunks whose last record is a <see cref="RecordKind.BatchEnd"/>. Packing is what makes a commit cheap:
/// one device enqueue per ~<see cref="Engine.LogEngineOptions.ChunkBytes"/> instead of one per record.
/// </summary>
public static class ChunkLayout
{
    /// <summary>Bytes of a BatchEnd record: header plus the batch sequence number.</summary>
    public const int BatchEndBytes = RecordLayout.HeaderBytes + 8;
}
