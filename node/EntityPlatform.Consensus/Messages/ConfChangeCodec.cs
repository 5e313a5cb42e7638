using System.Buffers.Binary;

namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// The byte form of a <see cref="ConfChange"/> inside a ConfChange entry:
/// <c>version(1)=1 | transition(1) | count(2, big-endian) | count × (type(1) | nodeId(8, big-endian))</c>.
/// The format is part of the replicated log, so it can only grow by a new version byte.
/// </summary>
public static class ConfChangeCodec
{
    private const byte Version = 1;
    private const int HeaderSize = 4;
    private const int ChangeSize = 9;

    /// <summary>At most this many single changes in one entry; more is rejected as bad input.</summary>
    public const int MaxChanges = 64;

    public static byte[] Encode(ConfChange change)
    {
        if (change.Changes.Count > MaxChanges)
        {
            throw new ArgumentException(
                $"ConfChange.Changes has {change.Changes.Count} items; at most {MaxChanges} are allowed.", nameof(change));
        }

        var bytes = new byte[HeaderSize + (change.Changes.Count * ChangeSize)];
        bytes[0] = Version;
        bytes[1] = (byte)change.Transition;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)change.Changes.Count);
        for (var i = 0; i < change.Changes.Count; i++)
        {
            var offset = HeaderSize + (i * ChangeSize);
            bytes[offset] = (byte)change.Changes[i].Type;
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(offset + 1), change.Changes[i].NodeId);
        }

        return bytes;
    }

    /// <summary>Decodes a change; on malformed bytes returns false with an error that says what was wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ConfChange change, out string error)
    {
        change = ConfChange.LeaveJoint;
        if (bytes.Length < HeaderSize)
        {
            error = $"conf change entry is {bytes.Length} bytes; expected at least {HeaderSize}";
            return false;
        }

        if (bytes[0] != Version)
        {
            error = $"conf change version is {bytes[0]}; expected {Version}";
            return false;
        }

        if (bytes[1] > (byte)ConfChangeTransition.JointExplicit)
        {
            error = $"conf change transition is {bytes[1]}; expected 0..2";
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        if (count > MaxChanges || bytes.Length != HeaderSize + (count * ChangeSize))
        {
            error = $"conf change declares {count} changes in {bytes.Length} bytes; expected at most {MaxChanges} changes of {ChangeSize} bytes each";
            return false;
        }

        var changes = new ConfChangeSingle[count];
        for (var i = 0; i < count; i++)
        {
            var offset = HeaderSize + (i * ChangeSize);
            if (bytes[offset] > (byte)ConfChangeType.AddLearnerNode)
            {
                error = $"conf change {i} has type {bytes[offset]}; expected 0..2";
                return false;
            }

            var nodeId = BinaryPrimitives.ReadUInt64BigEndian(bytes[(offset + 1)..]);
            if (nodeId == 0)
            {
                error = $"conf change {i} names node 0; node ids start at 1";
                return false;
            }

            changes[i] = new ConfChangeSingle((ConfChangeType)bytes[offset], nodeId);
        }

        change = new ConfChange((ConfChangeTransition)bytes[1], changes);
        error = "";
        return true;
    }
}
