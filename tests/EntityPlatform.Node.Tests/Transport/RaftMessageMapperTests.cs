using EntityPlatform.Consensus.Messages;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Node.Transport;
using Google.Protobuf;
using CoreConfState = EntityPlatform.Consensus.Messages.ConfState;
using CoreSnapshotMetadata = EntityPlatform.Consensus.Messages.SnapshotMetadata;

namespace EntityPlatform.Node.Tests.Transport;

public sealed class RaftMessageMapperTests
{
    private const ulong Local = 2;
    private static readonly Entry[] NoEntries = [];

    [Fact]
    public void Every_wire_type_maps_to_its_value_plus_one_and_back()
    {
        foreach (var type in Enum.GetValues<MessageType>().Where(type => !type.IsLocal()))
        {
            var wire = RaftMessageMapper.ToProto(type);
            Assert.Equal((int)type + 1, (int)wire);
            Assert.True(Enum.IsDefined(wire), $"{type} has no wire value");
        }
    }

    [Fact]
    public void Random_messages_survive_a_round_trip_through_protobuf_bytes()
    {
        var messages = new RandomMessages(seed: 20250101, toNode: Local);
        for (var i = 0; i < 5000; i++)
        {
            var original = messages.Next();
            var bytes = RaftMessageMapper.ToProto(original).ToByteArray();
            var back = RaftMessageMapper.FromProto(RaftMessage.Parser.ParseFrom(bytes), Local);
            AssertSame(original, back, $"case {i}: {original}");
        }
    }

    [Fact]
    public void An_append_keeps_entries_context_and_commit()
    {
        var original = new Message
        {
            GroupId = 7, Type = MessageType.App, From = 1, To = Local, Term = 3, LogTerm = 2, Index = 10, Commit = 9,
            Context = ulong.MaxValue,
            Entries = [new Entry(2, 11, EntryType.Normal, "a"u8.ToArray()), new Entry(3, 12, EntryType.ConfChange, new byte[] { 1, 2, 3 })],
        };

        var back = RaftMessageMapper.FromProto(RaftMessageMapper.ToProto(original), Local);

        AssertSame(original, back, "append");
    }

    [Fact]
    public void A_quiescing_heartbeat_keeps_the_flag()
    {
        var original = new Message { GroupId = 1, Type = MessageType.Heartbeat, From = 1, To = Local, Term = 5, Commit = 4, Quiesce = true };

        var proto = RaftMessageMapper.ToProto(original);

        Assert.True(proto.Quiesce);
        Assert.True(RaftMessageMapper.FromProto(proto, Local).Quiesce);
    }

    [Fact]
    public void A_snapshot_message_carries_metadata_but_never_data()
    {
        var metadata = new CoreSnapshotMetadata(100, 4, new CoreConfState([1, 2, 3], [4], [1, 2, 5], [5], autoLeave: true));
        var original = new Message { GroupId = 1, Type = MessageType.Snap, From = 1, To = Local, Term = 5, Snapshot = new Snapshot(metadata, new byte[] { 9, 9 }) };

        var proto = RaftMessageMapper.ToProto(original);
        var back = RaftMessageMapper.FromProto(proto, Local);

        Assert.Equal(metadata, back.Snapshot!.Metadata);
        Assert.True(back.Snapshot.Data.IsEmpty);
    }

    [Fact]
    public void A_local_type_cannot_be_sent()
    {
        Assert.Throws<InvariantViolationException>(() => RaftMessageMapper.ToProto(new Message { Type = MessageType.Hup, From = 1, To = 1 }));
    }

    [Theory]
    [InlineData(0, "RaftMessage.type is 0")]
    [InlineData(15, "RaftMessage.type is 15")]
    [InlineData(33, "RaftMessage.type is 33")]
    public void Unspecified_unknown_and_local_types_are_refused(int type, string expected)
    {
        var proto = Valid();
        proto.Type = (RaftMessageType)type;

        AssertRefused(proto, expected);
    }

    public static TheoryData<string, Action<RaftMessage>> BadFields => new()
    {
        { "RaftMessage.group_id is 0", proto => proto.GroupId = 0 },
        { "RaftMessage.snapshot is set on MsgHeartbeat", proto => proto.Snapshot = ValidMetadata() },
        { "RaftMessage.entries[0].type is 7", proto => proto.Entries.Add(new RaftEntry { Term = 1, Index = 1, Type = (RaftEntryType)7 }) },
        { "message to 3 was delivered to replica 2", proto => proto.To = 3 },
        { "message From is 0", proto => proto.From = 0 },
        { "Heartbeat has Term 0", proto => proto.Term = 0 },
        { "Heartbeat carries 1 entries", proto => proto.Entries.Add(new RaftEntry { Term = 1, Index = 1 }) },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void A_bad_field_is_named_in_the_error(string expected, Action<RaftMessage> spoil)
    {
        var proto = Valid();
        spoil(proto);

        AssertRefused(proto, expected);
    }

    public static TheoryData<string, Action<EntityPlatform.Grpc.Api.V1.SnapshotMetadata>> BadSnapshots => new()
    {
        { "RaftMessage.snapshot.index is 0", metadata => metadata.Index = 0 },
        { "RaftMessage.snapshot.term is 0", metadata => metadata.Term = 0 },
        { "RaftMessage.snapshot.conf_state is missing", metadata => metadata.ConfState = null },
        { "RaftMessage.snapshot.conf_state.voters is empty", metadata => metadata.ConfState.Voters.Clear() },
        { "RaftMessage.snapshot.conf_state.voters[1] is 1 after 2", metadata => { metadata.ConfState.Voters.Clear(); metadata.ConfState.Voters.Add([2, 1]); } },
        { "RaftMessage.snapshot.conf_state.learners[0] is 0", metadata => metadata.ConfState.Learners.Add(0) },
        { "node 2 is both in voters and in learners", metadata => metadata.ConfState.Learners.Add(2) },
        { "learners_next holds node 9", metadata => metadata.ConfState.LearnersNext.Add(9) },
    };

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public void A_bad_snapshot_field_is_named_in_the_error(string expected, Action<EntityPlatform.Grpc.Api.V1.SnapshotMetadata> spoil)
    {
        var proto = Valid();
        proto.Type = RaftMessageType.MsgSnap;
        proto.Snapshot = ValidMetadata();
        spoil(proto.Snapshot);

        AssertRefused(proto, expected);
    }

    [Fact]
    public void A_snap_without_metadata_is_refused()
    {
        var proto = Valid();
        proto.Type = RaftMessageType.MsgSnap;

        AssertRefused(proto, "RaftMessage.snapshot is missing on MSG_SNAP");
    }

    [Fact]
    public void An_append_with_a_gap_is_refused_by_the_core_validator()
    {
        var proto = Valid();
        proto.Type = RaftMessageType.MsgApp;
        proto.Index = 4;
        proto.Entries.Add(new RaftEntry { Term = 1, Index = 6 });

        AssertRefused(proto, "App entry 0 has Index 6; expected 5");
    }

    private static RaftMessage Valid() => new() { GroupId = 3, Type = RaftMessageType.MsgHeartbeat, From = 1, To = Local, Term = 2 };

    private static EntityPlatform.Grpc.Api.V1.SnapshotMetadata ValidMetadata()
    {
        var metadata = new EntityPlatform.Grpc.Api.V1.SnapshotMetadata { Index = 5, Term = 1, ConfState = new EntityPlatform.Grpc.Api.V1.ConfState() };
        metadata.ConfState.Voters.Add([1, 2, 3]);
        return metadata;
    }

    private static void AssertRefused(RaftMessage proto, string expected)
    {
        Assert.False(RaftMessageMapper.TryFromProto(proto, Local, out var message, out var error));
        Assert.Null(message);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<InvalidMessageException>(() => RaftMessageMapper.FromProto(proto, Local));
        Assert.Equal(error, thrown.Message);
    }

    private static void AssertSame(Message expected, Message actual, string because)
    {
        // Message is a record, but its Entries array compares by reference: compare the fields instead.
        Assert.True(expected.ToString() == actual.ToString(), because);
        Assert.True(expected with { Entries = NoEntries, Snapshot = null } == actual with { Entries = NoEntries, Snapshot = null }, because);
        Assert.True(expected.Entries.SequenceEqual(actual.Entries), because);
        Assert.Equal(expected.Snapshot?.Metadata, actual.Snapshot?.Metadata);
    }
}
