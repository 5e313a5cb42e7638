using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Liveness probes (IPeerTransport.Probe): a marker in the queue that makes the loop write a frame even when
/// it carries no message. The marker itself is never converted or sent, and at most one waits in the queue,
/// so probes to a peer that is down cannot crowd out Raft messages.
/// </summary>
internal sealed partial class PeerSender
{
    private static readonly Message ProbeMarker = new() { Type = MessageType.Heartbeat };

    // 1 while a marker waits in the queue.
    private int _probeQueued;

    // Set when the frame being built took a marker: it is written even if empty.
    private bool _probeInFrame;

    /// <summary>Asks for one frame to be written soon, empty if nothing else is waiting; never blocks.</summary>
    public void EnqueueProbe()
    {
        if (Interlocked.Exchange(ref _probeQueued, 1) == 0)
        {
            Enqueue(ProbeMarker);
        }
    }

    /// <summary>A marker dropped from a full queue: the next probe may queue one again (any thread).</summary>
    private bool IsProbeMarker(Message message)
    {
        if (!ReferenceEquals(message, ProbeMarker))
        {
            return false;
        }

        Volatile.Write(ref _probeQueued, 0);
        return true;
    }

    /// <summary>On the loop: true (and consumed) when <paramref name="message"/> is the marker rather than a Raft message.</summary>
    private bool TakeProbeMarker(Message message)
    {
        if (!ReferenceEquals(message, ProbeMarker))
        {
            return false;
        }

        Volatile.Write(ref _probeQueued, 0);
        _probeInFrame = true;
        return true;
    }
}
