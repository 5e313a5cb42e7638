namespace EntityPlatform.Consensus.Log;

/// <summary>The outcome of a read from <see cref="IRaftLogStorage"/>.</summary>
public enum StorageLookup : byte
{
    Ok = 0,

    /// <summary>The index is before the first retained entry: the log was compacted into a snapshot.</summary>
    Compacted = 1,

    /// <summary>The data is not there (past the last index, or a snapshot that is still being made).</summary>
    Unavailable = 2,
}
