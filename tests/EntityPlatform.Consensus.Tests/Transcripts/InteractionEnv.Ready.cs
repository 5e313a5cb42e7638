using System.Text;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Tests.Transcripts;

public sealed partial class InteractionEnv
{
    private readonly SortedDictionary<ulong, List<Message>> inbox = [];

    private const int MaxStabilizeRounds = 1000;

    private void ProcessReadyOf(IEnumerable<ulong> ids)
    {
        foreach (var id in ids)
        {
            ProcessReady(id);
        }
    }

    /// <summary>Does what a Ready asks, in its documented order: persist, send, apply, advance.</summary>
    private bool ProcessReady(ulong id)
    {
        var node = Node(id);
        if (!node.Raft.HasReady())
        {
            return false;
        }

        var ready = node.Raft.GetReady();
        output.Add($"> {id} handling Ready");
        PrintReady(ready);

        if (ready.Snapshot is { } snapshot)
        {
            node.Storage.ApplySnapshot(snapshot);
            node.Applied.Clear();
            node.Applied.AddRange(DecodeSnapshotData(snapshot.Data));
            node.AppliedIndex = snapshot.Metadata.Index;
            node.ConfState = snapshot.Metadata.ConfState;
        }

        node.Storage.Append(ready.Entries);
        if (ready.HardState is { } hardState)
        {
            node.Storage.SetHardState(hardState);
        }

        foreach (var message in ready.Messages)
        {
            Queue(message);
        }

        foreach (var entry in ready.CommittedEntries)
        {
            Apply(node, entry);
        }

        node.Raft.Advance();
        return true;
    }

    private void Apply(EnvNode node, Entry entry)
    {
        if (entry.Type == EntryType.ConfChange)
        {
            if (!ConfChangeCodec.TryDecode(entry.Data.Span, out var change, out var error))
            {
                throw new InvalidOperationException($"committed conf change at {entry.Index} is malformed: {error}");
            }

            node.ConfState = node.Raft.ApplyConfChange(change);
            output.Add($"  INFO {node.Config.Id} applied {change}: {node.ConfState}");
        }
        else if (!entry.Data.IsEmpty)
        {
            node.Applied.Add(Encoding.ASCII.GetString(entry.Data.Span));
        }

        node.AppliedIndex = entry.Index;
    }

    private void Queue(Message message)
    {
        if (!inbox.TryGetValue(message.To, out var queue))
        {
            inbox[message.To] = queue = [];
        }

        queue.Add(message);
    }

    private bool DeliverTo(IEnumerable<ulong> ids, bool drop)
    {
        var delivered = false;
        foreach (var id in ids.ToArray())
        {
            if (!inbox.TryGetValue(id, out var queue) || queue.Count == 0)
            {
                continue;
            }

            var messages = queue.ToArray();
            queue.Clear();
            delivered = true;
            output.Add($"> {id} receiving messages");
            foreach (var message in messages)
            {
                DeliverOne(message, drop);
            }
        }

        return delivered;
    }

    private void DeliverOne(Message message, bool drop)
    {
        if (drop || IsCut(message.From, message.To) || !nodes.ContainsKey(message.To))
        {
            output.Add($"  {message} (dropped)");
            return;
        }

        output.Add($"  {message}");
        try
        {
            nodes[message.To].Raft.Step(message);
        }
        catch (InvalidMessageException error)
        {
            output.Add($"  rejected: {error.Message}");
        }
    }

    /// <summary>Processes Readies and delivers messages until nothing moves.</summary>
    private void Stabilize(IEnumerable<ulong> ids)
    {
        var scope = ids.ToArray();
        for (var round = 0; round < MaxStabilizeRounds; round++)
        {
            var moved = false;
            foreach (var id in scope)
            {
                moved |= ProcessReady(id);
            }

            moved |= DeliverTo(scope, drop: false);
            if (!moved)
            {
                return;
            }
        }

        throw new InvalidOperationException($"stabilize did not settle within {MaxStabilizeRounds} rounds");
    }
}
