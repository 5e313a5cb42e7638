namespace EntityPlatform.Storage.Engine;

/// <summary>
/// The disk under the log is full. The batch (or compaction pass, or wipe) that hit it was refused whole
/// and nothing of it was acknowledged; every batch committed before it is intact, and the engine was
/// rolled back to exactly that state, so it keeps serving reads and accepts writes again once space
/// returns (free disk, grow the volume, or let compaction and snapshots move the log head).
/// </summary>
public sealed class StorageFullException(string message, Exception inner) : IOException(message, inner);
