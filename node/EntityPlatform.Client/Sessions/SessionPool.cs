using System.Collections.Concurrent;

namespace EntityPlatform.Client.Sessions;

/// <summary>
/// The client's sessions: lane 0 is the client's own session id; more lanes are made as more commands run
/// at once, up to <c>MaxConcurrentCommands</c> (callers beyond that wait for a lane). Lane ids are the
/// client's id with the lane number mixed into its last four bytes, so they can be traced back to a client.
/// </summary>
internal sealed class SessionPool(Guid clientSessionId, int maxLanes) : IDisposable
{
    private readonly ConcurrentBag<SessionLane> free = [];
    private readonly SemaphoreSlim slots = new(maxLanes, maxLanes);
    private int created;

    public Guid ClientSessionId => clientSessionId;

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

    private Guid LaneId(int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        clientSessionId.TryWriteBytes(bytes);
        var tail = BitConverter.ToUInt32(bytes[12..]) ^ (uint)index;
        BitConverter.TryWriteBytes(bytes[12..], tail);
        return new Guid(bytes);
    }

    public void Dispose() => slots.Dispose();
}
