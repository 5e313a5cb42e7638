namespace EntityPlatform.Node.Shards;

/// <summary>What the client hears about a command: the events recorded, or the rejection, and the log index.</summary>
public sealed record CommandReply(bool Accepted, IReadOnlyList<byte[]> Events, string? Rejection, ulong Index)
{
    public static CommandReply From(ShardEntry entry, ulong index) =>
        new(entry.Kind == ShardEntryKind.Accepted, entry.Events, entry.Rejection, index);
}
