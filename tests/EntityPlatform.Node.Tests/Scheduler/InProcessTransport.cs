using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Delivers messages between schedulers in one process; a cut node neither sends nor receives.</summary>
internal sealed class InProcessTransport(ulong localNode, InProcessNetwork network) : IPeerTransport
{
    public event Action<ulong>? PeerUnreachable;
    public event Action<ulong, ulong, bool>? SnapshotSent;

    public void Send(ulong toNode, IReadOnlyList<Message> messages)
    {
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
