namespace EntityPlatform.Consensus.Messages;

/// <summary>What an entry's data means to the state machine.</summary>
public enum EntryType : byte
{
    /// <summary>Application data (an empty one is the no-op a new leader appends to commit its term).</summary>
    Normal = 0,

    /// <summary>An encoded <see cref="ConfChange"/>; the application calls <c>ApplyConfChange</c> when it commits.</summary>
    ConfChange = 1,
}
