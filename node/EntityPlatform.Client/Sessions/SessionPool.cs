using System.Collections.Concurrent;

namespace EntityPlatform.Client.Sessions;

/// <summary>
/// The client's sessions: lane 0 is the client's own session id; more lanes are made as more commands run
/// at once, up to <c>MaxConcurrentCommands</c> (callers beyond that wait for a lane). Lane ids are the
/// client's id with the lane number mixed into its last four bytes, so they can be traced back to a client
/// (the first 48 bits, the UUIDv7 creation time, stay as they are).
/// A lane whose session expired on a shard is retired: later lanes derive from a fresh UUIDv7, since the
/// shard refuses every session created no later than the expired one.
/// </summary>
internal sealed class SessionPool(Guid clientSessionId, int maxLanes) : IDisposable
{
    private readonly Lock laneBaseGate = new();
    private Guid laneBase = clientSessionId;
    private readonly ConcurrentBag<SessionLane> free = [];
    private readonly SemaphoreSlim slots = new(maxLanes, maxLanes);
    private int created;

    public Guid ClientSessionId { get; } = clientSessionId;

    public int LanesCreated => Volatile.Read(ref created);

    public async ValueTask<SessionLane> RentAsync(CancellationToken cancellationToken)
    {
        if (!slots.Wait(0))
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return free.TryTake(out var lane) ? lane : new SessionLane(LaneId(Interlocked.Increment(ref created) - 1));
    }

    /// <summary>Returns a lane whose command has ended (answered or given up); its next request id moves past the old one either way.</summary>
    public void Return(SessionLane lane)
    {
        free.Add(lane);
        slots.Release();
    }

    /// <summary>Drops a lane whose session expired, and makes later lanes derive from a new UUIDv7.</summary>
    public void Retire(SessionLane expired)
    {
        lock (laneBaseGate)
        {
            // Fresh only if the expired lane derives from the current base; another lane may have rotated it.
            if (LaneBaseMatches(expired.Id))
            {
                laneBase = Guid.CreateVersion7();
            }
        }

        slots.Release();
    }

    private Guid LaneId(int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (laneBaseGate)
        {
            laneBase.TryWriteBytes(bytes);
        }

        var tail = BitConverter.ToUInt32(bytes[12..]) ^ (uint)index;
        BitConverter.TryWriteBytes(bytes[12..], tail);
        return new Guid(bytes);
    }

    // Lanes share their base's first twelve bytes (the last four carry the lane number).
    private bool LaneBaseMatches(Guid lane)
    {
        Span<byte> ours = stackalloc byte[16];
        Span<byte> theirs = stackalloc byte[16];
        laneBase.TryWriteBytes(ours);
        lane.TryWriteBytes(theirs);
        return ours[..12].SequenceEqual(theirs[..12]);
    }

    public void Dispose() => slots.Dispose();
}
