using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Tests.Support;

public static class TestMessages
{
    public static Message Heartbeat(ulong from, ulong to, ulong commit, ulong groupId = 1) =>
        new() { GroupId = groupId, Type = MessageType.Heartbeat, From = from, To = to, Term = 2, Commit = commit };

    /// <summary>An append of one entry at <paramref name="index"/> + 1 with a payload, valid for the core's validator.</summary>
    public static Message Append(ulong from, ulong to, ulong index, int payloadBytes = 100, ulong groupId = 1) => new()
    {
        GroupId = groupId, Type = MessageType.App, From = from, To = to, Term = 2, LogTerm = 1, Index = index, Commit = index,
        Entries = [new Entry(2, index + 1, EntryType.Normal, new byte[payloadBytes])],
    };

    public static Message Snap(ulong from, ulong to, ulong groupId, byte[] data) => new()
    {
        GroupId = groupId, Type = MessageType.Snap, From = from, To = to, Term = 3,
        Snapshot = new Snapshot(new SnapshotMetadata(100, 3, ConfState.OfVoters(1, 2, 3)), data),
    };
}
