using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Tests.Support;

/// <summary>Seeded generator of well-formed wire messages addressed to one node, for property tests.</summary>
public sealed class RandomMessages(int seed, ulong toNode)
{
    private static readonly MessageType[] WireTypes = Enum.GetValues<MessageType>().Where(type => !type.IsLocal()).ToArray();
    private readonly Random _random = new(seed);

    public Message Next()
    {
        var type = WireTypes[_random.Next(WireTypes.Length)];
        var term = type is MessageType.Prop or MessageType.ReadIndex && _random.Next(2) == 0 ? 0 : Number(1, 1000);
        var logTerm = term == 0 ? Number(0, 5) : Number(0, term);
        var index = Number(0, 1_000_000);
        return new Message
        {
            GroupId = Number(1, 1 << 20),
            Type = type,
            From = Number(1, 9) + toNode,
            To = toNode,
            Term = term,
            LogTerm = logTerm,
            Index = index,
            Entries = type is MessageType.App or MessageType.Prop ? Entries(type, term, logTerm, index) : [],
            Commit = Number(0, index + 1),
            Reject = _random.Next(2) == 0,
            RejectHint = Number(0, 1000),
            Context = _random.Next(3) == 0 ? ulong.MaxValue - Number(0, 10) : Number(0, 100),
            Snapshot = type == MessageType.Snap ? Snapshot() : null,
            Quiesce = _random.Next(2) == 0,
        };
    }

    private Entry[] Entries(MessageType type, ulong term, ulong logTerm, ulong index)
    {
        var entries = new Entry[_random.Next(0, 5)];
        var entryTerm = Math.Max(logTerm, 1);
        for (var i = 0; i < entries.Length; i++)
        {
            // App entries follow Index without gaps with terms between LogTerm and Term; Prop entries are free-form.
            entryTerm = type == MessageType.App ? Math.Min(term, entryTerm + Number(0, 2)) : Number(0, 9);
            var data = new byte[_random.Next(0, 64)];
            _random.NextBytes(data);
            entries[i] = new Entry(entryTerm, type == MessageType.App ? index + 1 + (ulong)i : Number(0, 9), (EntryType)_random.Next(2), data);
        }

        return entries;
    }

    private Snapshot Snapshot()
    {
        var voters = Ids(1, 5);
        var outgoing = _random.Next(2) == 0 ? Ids(0, 3) : [];
        var learners = Ids(0, 3).Except(voters).Except(outgoing).ToArray();
        var learnersNext = outgoing.Where(_ => _random.Next(2) == 0).Except(voters).ToArray();
        var confState = new ConfState(voters, learners, outgoing, learnersNext, autoLeave: outgoing.Length > 0 && _random.Next(2) == 0);
        return new Snapshot(new SnapshotMetadata(Number(1, 1_000_000), Number(1, 1000), confState), ReadOnlyMemory<byte>.Empty);
    }

    private ulong[] Ids(int min, int max) =>
        Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Number(1, 20)).Distinct().Order().ToArray();

    private ulong Number(ulong min, ulong maxExclusive) => min + (ulong)_random.NextInt64((long)(maxExclusive - min));
}
