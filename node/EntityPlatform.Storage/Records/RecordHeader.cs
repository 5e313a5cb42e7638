namespace EntityPlatform.Storage.Records;

/// <summary>The decoded header of a record whose checksum held.</summary>
public readonly record struct RecordHeader(RecordKind Kind, ulong GroupId, ulong Lsn, int PayloadLength);
