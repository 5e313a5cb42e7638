using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Transport;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// Delivers messages between schedulers in one process; a cut node neither sends nor receives. A MSG_SNAP
/// (metadata only from the scheduler) gets its data inline from the sender's snapshot file, read through
/// the node's chunk source as the network transport does.
/// </summary>
internal sealed class InProcessTransport(ulong localNode, InProcessNetwork network, SnapshotStore snapshots) : IPeerTransport
{
    private readonly SnapshotStoreChunkSource source = new(snapshots);

    public event Action<ulong>? PeerUnreachable;
    public event Action<ulong, ulong, bool>? SnapshotSent;

    public void Send(ulong toNode, IReadOnlyList<Message> messages)
    {
        messages = messages.Select(m => m.Type == MessageType.Snap ? WithData(m) : m).OfType<Message>().ToArray();
        if (!network.TryDeliver(localNode, toNode, messages))
        {
            PeerUnreachable?.Invoke(toNode);
        }

        foreach (var snap in messages.Where(message => message.Type == MessageType.Snap))
        {
            SnapshotSent?.Invoke(toNode, snap.GroupId, false);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Message? WithData(Message message)
    {
        SnapshotUpload upload;
        try
        {
            upload = source.Open(message.GroupId, message.Snapshot!.Metadata);
        }
        catch (IOException)
        {
            // Replaced by a newer snapshot meanwhile: fail this one, as the network transport does.
            SnapshotSent?.Invoke(message.To, message.GroupId, true);
            return null;
        }

        using var _ = upload;
        var data = new byte[upload.LengthBytes];
        var offset = 0;
        foreach (var piece in upload.Pieces(64 << 10))
        {
            piece.Span.CopyTo(data.AsSpan(offset));
            offset += piece.Length;
        }

        return message with { Snapshot = message.Snapshot with { Data = data } };
    }
}

internal sealed class InProcessNetwork
{
    private readonly Dictionary<ulong, IRaftInbox> inboxes = [];
    private readonly HashSet<ulong> cut = [];
    private readonly Lock gate = new();

    public void Attach(ulong node, IRaftInbox inbox)
    {
        lock (gate)
        {
            inboxes[node] = inbox;
        }
    }

    public void Detach(ulong node)
    {
        lock (gate)
        {
            inboxes.Remove(node);
        }
    }

    public void Cut(ulong node)
    {
        lock (gate)
        {
            cut.Add(node);
        }
    }

    public void Heal()
    {
        lock (gate)
        {
            cut.Clear();
        }
    }

    /// <summary>When set, messages for which it returns true are lost on the way (the sender is not told).</summary>
    public Func<ulong, ulong, Message, bool>? Drop { get; set; }

    public bool TryDeliver(ulong from, ulong to, IReadOnlyList<Message> messages)
    {
        IRaftInbox? inbox;
        lock (gate)
        {
            if (cut.Contains(from) || cut.Contains(to) || !inboxes.TryGetValue(to, out inbox))
            {
                return false;
            }
        }

        if (Drop is { } drop)
        {
            messages = messages.Where(message => !drop(from, to, message)).ToArray();
        }

        if (messages.Count > 0)
        {
            inbox.TryPost(from, messages);
        }

        return true;
    }
}
