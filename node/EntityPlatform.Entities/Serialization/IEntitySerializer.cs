namespace EntityPlatform.Entities.Serialization;

/// <summary>
/// Turns commands, events, queries, replies and states into bytes and back. Events and states are stored
/// in the replicated log and in snapshots, so a serializer's format is part of the data's durability:
/// change it only in ways that still read old bytes.
/// </summary>
public interface IEntitySerializer
{
    byte[] Serialize(object value, Type type);

    /// <exception cref="EntityPayloadException">The bytes are not a valid <paramref name="type"/>.</exception>
    object Deserialize(ReadOnlySpan<byte> bytes, Type type);
}
