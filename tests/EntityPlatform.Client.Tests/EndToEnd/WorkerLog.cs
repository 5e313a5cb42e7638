using System.Diagnostics;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>One client task's record of its own entity: what it was told, and when.</summary>
public sealed class WorkerLog(string entityType, string entityId)
{
    public string EntityType => entityType;

    public string EntityId => entityId;

    /// <summary>Commands the SDK acknowledged as applied (accepted, deduplicated or not).</summary>
    public long Acknowledged { get; set; }

    /// <summary>Commands whose outcome the client never learned (gave up or timed out): each applied at most once.</summary>
    public long Unacknowledged { get; set; }

    public long Deduplicated { get; set; }

    public long Rejected { get; set; }

    public TimeSpan LongestGap { get; set; }

    public TimeSpan LastAck { get; set; }

    public void Ack(Stopwatch clock)
    {
        var now = clock.Elapsed;
        if (Acknowledged > 0 && now - LastAck > LongestGap)
        {
            LongestGap = now - LastAck;
        }

        LastAck = now;
        Acknowledged++;
    }
}
