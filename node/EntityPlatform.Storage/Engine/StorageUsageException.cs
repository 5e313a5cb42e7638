namespace EntityPlatform.Storage.Engine;

/// <summary>
/// A caller asked for something the log cannot do (an entry gap, a compaction past the snapshot, an
/// unknown group, a batch over its limits). The message names the group, the field and the expected value.
/// Nothing from the offending batch was written.
/// </summary>
public sealed class StorageUsageException(string message) : InvalidOperationException(message);
