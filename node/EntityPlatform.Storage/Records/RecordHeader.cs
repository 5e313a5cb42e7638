namespace EntityPlatform.Storage.Records;

/// <summary>The decoded header of a record whose header check held.</summary>
public readonly record struct RecordHeader(RecordKind Kind, ulong GroupId, ulong Lsn, int PayloadLength)
{
    /// <summary>Bytes of the whole record: header and payload.</summary>
    public int RecordBytes => RecordLayout.HeaderBytes + PayloadLength;
}
