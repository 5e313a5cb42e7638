namespace EntityPlatform.Node.Shards;

/// <summary>
/// What the client hears about a command: the events recorded, or the rejection, and the log index.
/// <paramref name="FirstEventOffset"/> is the shard's dense event offset of the first event (the others
/// follow contiguously); 0 when the command produced no event (a rejection, or an acceptance with none).
/// </summary>
public sealed record CommandReply(bool Accepted, IReadOnlyList<byte[]> Events, string? Rejection, ulong Index, ulong FirstEventOffset = 0)
{
    public static CommandReply From(ShardEntry entry, ulong index, ulong firstEventOffset) =>
        new(entry.Kind == ShardEntryKind.Accepted, entry.Events, entry.Rejection, index, firstEventOffset);
}
