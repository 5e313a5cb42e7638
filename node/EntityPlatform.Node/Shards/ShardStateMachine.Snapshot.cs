namespace EntityPlatform.Node.Shards;

public sealed partial class ShardStateMachine
{
    private const byte SnapshotVersion = 3;

    /// <summary>
    /// Writes every entity state and the dedup table. Format: version(1)=3 | appliedIndex(8) | lastEventOffset(8) |
    /// expiredThrough(16 BE) | expiredCount(8) | sessions(4) | (session(16) | requestId(8) | reply) × n |
    /// (reply = accepted(1) | index(8) | firstEventOffset(8) | rejection | events) |
    /// entities(4) | (type | id | state bytes) × m, with
    /// BinaryWriter's little-endian integers and length-prefixed strings. Entities are written in a fixed
    /// order so two replicas at the same index produce identical bytes.
    /// </summary>
    public void WriteSnapshot(Stream output)
    {
        using var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(SnapshotVersion);
        writer.Write(AppliedIndex);
        writer.Write(LastEventOffset);
        Span<byte> watermark = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(watermark, Dedup.ExpiredThrough);
        writer.Write(watermark);
        writer.Write(Dedup.ExpiredCount);
        writer.Write(Dedup.Count);
        foreach (var (session, record) in Dedup.Records())
        {
            writer.Write(session.ToByteArray(bigEndian: true));
            writer.Write(record.LastRequestId);
            WriteReply(writer, record.Reply);
        }

        writer.Write(states.Count);
        foreach (var (key, state) in states.OrderBy(pair => pair.Key.Type, StringComparer.Ordinal).ThenBy(pair => pair.Key.Id, StringComparer.Ordinal))
        {
            writer.Write(key.Type);
            writer.Write(key.Id);
            var bytes = types.Get(key.Type).SerializeState(state);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>Replaces all state with a snapshot's. Malformed snapshots throw <see cref="FormatException"/>.</summary>
    public void RestoreSnapshot(Stream input)
    {
        using var reader = new BinaryReader(input, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            var version = reader.ReadByte();
            if (version != SnapshotVersion)
            {
                throw new FormatException($"shard {Shard} snapshot version is {version}; expected {SnapshotVersion} (version 2 predates dense event offsets and cannot be read)");
            }

            var applied = reader.ReadUInt64();
            var lastEventOffset = reader.ReadUInt64();
            var dedup = new DedupTable(Dedup.MaxSessions, Dedup.MaxBytes);
            dedup.RestoreWatermark(System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(ReadExactly(reader, 16)), reader.ReadInt64());
            var sessionCount = reader.ReadInt32();
            for (var i = 0; i < sessionCount; i++)
            {
                var session = new Guid(ReadExactly(reader, 16), bigEndian: true);
                var requestId = reader.ReadUInt64();
                if (DedupTable.CreationKey(session) <= dedup.ExpiredThrough)
                {
                    throw new FormatException($"shard {Shard} snapshot holds session {session} at or below its own expiry watermark");
                }

                dedup.Record(session, requestId, ReadReply(reader));
            }

            var restored = new Dictionary<EntityKey, object>();
            var entityCount = reader.ReadInt32();
            for (var i = 0; i < entityCount; i++)
            {
                var key = new EntityKey(reader.ReadString(), reader.ReadString());
                var bytes = ReadExactly(reader, reader.ReadInt32());
                restored[key] = types.Get(key.Type).DeserializeState(bytes);
            }

            states.Clear();
            foreach (var (key, state) in restored)
            {
                states[key] = state;
            }

            Dedup = dedup;
            AppliedIndex = applied;
            LastEventOffset = lastEventOffset;
        }
        catch (EndOfStreamException error)
        {
            throw new FormatException($"shard {Shard} snapshot is truncated", error);
        }
        catch (EntityPlatform.Entities.Serialization.EntityPayloadException error)
        {
            throw new FormatException($"shard {Shard} snapshot holds an unreadable entity state: {error.Message}", error);
        }
    }

    // BinaryReader.ReadBytes returns fewer bytes at the end of the stream instead of failing.
    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        if (count < 0)
        {
            throw new FormatException($"snapshot declares a negative length {count}");
        }

        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }

    private static void WriteReply(BinaryWriter writer, CommandReply reply)
    {
        writer.Write(reply.Accepted);
        writer.Write(reply.Index);
        writer.Write(reply.FirstEventOffset);
        writer.Write(reply.Rejection ?? "");
        writer.Write(reply.Events.Count);
        foreach (var @event in reply.Events)
        {
            writer.Write(@event.Length);
            writer.Write(@event);
        }
    }

    private static CommandReply ReadReply(BinaryReader reader)
    {
        var accepted = reader.ReadBoolean();
        var index = reader.ReadUInt64();
        var firstEventOffset = reader.ReadUInt64();
        var rejection = reader.ReadString();
        var events = new byte[reader.ReadInt32()][];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = ReadExactly(reader, reader.ReadInt32());
        }

        return new CommandReply(accepted, events, accepted ? null : rejection, index, firstEventOffset);
    }
}
