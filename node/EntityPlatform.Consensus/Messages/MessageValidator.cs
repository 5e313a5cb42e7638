namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// Boundary checks for messages that arrive from the network. Everything past this point may trust the
/// message's shape; what a well-formed message means (a stale term, say) is the protocol's business.
/// </summary>
public static class MessageValidator
{
    /// <summary>At most this many entries in one message; a peer that sends more is broken or hostile.</summary>
    public const int MaxEntriesPerMessage = 1 << 16;

    /// <summary>Returns null when <paramref name="message"/> is well formed, else a sentence naming the bad field.</summary>
    public static string? Validate(Message message, ulong groupId, ulong localId)
    {
        if (!message.Type.IsDefined())
        {
            return $"message type {(byte)message.Type} is unknown; expected one of the wire types {MessageType.Prop}..{MessageType.ReadIndexResp}";
        }

        if (message.Type.IsLocal())
        {
            return $"message type {message.Type} is local to a replica and may not arrive from a peer";
        }

        if (message.GroupId != groupId)
        {
            return $"message for group {message.GroupId} was delivered to group {groupId}";
        }

        if (message.To != localId)
        {
            return $"message to {message.To} was delivered to replica {localId}";
        }

        if (message.From == 0)
        {
            return "message From is 0; replica ids start at 1";
        }

        if (message.Type is not (MessageType.Prop or MessageType.ReadIndex) && message.Term == 0)
        {
            return $"{message.Type} has Term 0; only forwarded proposals and read requests may omit the term";
        }

        return message.Type switch
        {
            MessageType.App or MessageType.Prop => ValidateEntries(message),
            MessageType.Snap => ValidateSnapshot(message),
            _ => message.Entries.Length > 0 ? $"{message.Type} carries {message.Entries.Length} entries; expected none" : null,
        };
    }

    private static string? ValidateEntries(Message message)
    {
        var entries = message.Entries;
        if (entries.Length > MaxEntriesPerMessage)
        {
            return $"{message.Type} carries {entries.Length} entries; at most {MaxEntriesPerMessage} are allowed";
        }

        if (message.Type == MessageType.Prop)
        {
            return null;
        }

        for (var i = 0; i < entries.Length; i++)
        {
            var expectedIndex = message.Index + 1 + (ulong)i;
            if (entries[i].Index != expectedIndex)
            {
                return $"App entry {i} has Index {entries[i].Index}; expected {expectedIndex} (entries must follow Index {message.Index} without gaps)";
            }

            var previousTerm = i == 0 ? message.LogTerm : entries[i - 1].Term;
            if (entries[i].Term < previousTerm || entries[i].Term > message.Term)
            {
                return $"App entry {i} has Term {entries[i].Term}; expected between {previousTerm} and the message term {message.Term}";
            }

            if (entries[i].Type > EntryType.ConfChange)
            {
                return $"App entry {i} has unknown type {(byte)entries[i].Type}";
            }
        }

        return null;
    }

    private static string? ValidateSnapshot(Message message)
    {
        if (message.Snapshot is not { } snapshot || snapshot.IsEmpty)
        {
            return "Snap message carries no snapshot";
        }

        if (snapshot.Metadata.Term == 0)
        {
            return "Snap snapshot has Term 0";
        }

        return snapshot.Metadata.ConfState.Voters.Count == 0
            ? "Snap snapshot has no voters in its ConfState"
            : null;
    }
}
