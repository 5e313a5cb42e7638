using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Raises the transport's events on the thread pool. Some causes happen inside Send (a full queue
/// dropping a snapshot notice) on the scheduler's own thread; queueing every event keeps handlers from
/// re-entering the scheduler loop, and a throwing handler is logged instead of killing a sender.
/// </summary>
internal sealed class TransportEvents(ILogger logger)
{
    public Action<ulong>? PeerUnreachable;
    public Action<ulong, ulong, bool>? SnapshotSent;

    public void Unreachable(ulong node)
    {
        if (Volatile.Read(ref PeerUnreachable) is { } handler)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => Invoke(node, () => handler(node)), null);
        }
    }

    public void SnapshotDone(ulong node, ulong groupId, bool failed)
    {
        if (Volatile.Read(ref SnapshotSent) is { } handler)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => Invoke(node, () => handler(node, groupId, failed)), null);
        }
    }

    private void Invoke(ulong node, Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception e)
        {
            TransportLog.HandlerFailed(logger, node, e);
        }
    }
}
