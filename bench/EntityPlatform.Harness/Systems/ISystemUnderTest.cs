using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Network;

namespace EntityPlatform.Harness.Systems;

/// <summary>
/// One replicated store as the load generator and nemesis see it: a keyed mutation (register write or
/// counter increment), a linearizable read, and its member processes by PID for faults.
/// </summary>
public interface ISystemUnderTest : IAsyncDisposable
{
    string Name { get; }

    IModel Model { get; }

    /// <summary>Member ids (1-based) with their PIDs; a stopped member has PID 0.</summary>
    IReadOnlyList<(int Member, int Pid)> Members { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="value"/> (register) or adds it (counter). Throws on failure or timeout.</summary>
    Task MutateAsync(string key, long value, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>A linearizable read; a missing key reads 0.</summary>
    Task<long> ReadAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The read consistencies this system offers (each checked against its own promise).</summary>
    IReadOnlyList<ReadConsistency> ReadModes => [ReadConsistency.Linearizable];

    /// <summary>A read under <paramref name="consistency"/>; <paramref name="maxStaleness"/> is the bound of a bounded-staleness read.</summary>
    Task<long> ReadAsync(string key, ReadConsistency consistency, TimeSpan maxStaleness, TimeSpan timeout, CancellationToken cancellationToken) =>
        consistency == ReadConsistency.Linearizable ? ReadAsync(key, timeout, cancellationToken)
            : throw new NotSupportedException($"{Name} offers no {consistency} reads");

    /// <summary>Whether <see cref="ReadFromAsync"/> can send a read to one chosen member (the lease probes of the pause nemesis).</summary>
    bool SupportsPinnedReads => false;

    /// <summary>
    /// A read sent to <paramref name="member"/> itself, bypassing the client's routing, so that a member that was
    /// paused or cut off while leading is asked before it learns it was deposed.
    /// </summary>
    Task<long> ReadFromAsync(int member, string key, ReadConsistency consistency, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} cannot send a read to one chosen member");

    /// <summary>
    /// How long the cluster must be idle before its groups quiesce (the node stops heartbeats and election
    /// clocks), or null when the system does not quiesce.
    /// </summary>
    TimeSpan? QuiesceAfter => null;

    /// <summary>
    /// Bytes the member processes have allocated since they started, summed over the live members, or null when the
    /// system does not report it (issue 18's allocations per write: the saturation run takes the difference).
    /// </summary>
    Task<long?> ServerAllocatedBytesAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    /// <summary>The temporary directory holding the members' data and logs.</summary>
    string WorkDirectory { get; }

    /// <summary>When set, disposing leaves <see cref="WorkDirectory"/> in place (a failing run keeps its evidence).</summary>
    bool KeepFiles { get; set; }

    /// <summary>The member that leads the group holding <paramref name="key"/>, or null when none is known.</summary>
    Task<int?> LeaderOfAsync(string key, CancellationToken cancellationToken);

    /// <summary>The keys whose writes depend on <paramref name="member"/> leading (for downtime per fault).</summary>
    Task<Func<string, bool>> KeysLedByAsync(int member, CancellationToken cancellationToken);

    /// <summary>Whether the failed call may have taken effect (otherwise it is recorded as Failed).</summary>
    bool MayHaveApplied(Exception error);

    void Kill(int member);

    void Pause(int member);

    /// <summary>SIGTERM: the member stops gracefully (a leader hands its leadership over first). Restart it with <see cref="RestartAsync"/>.</summary>
    void Terminate(int member) => throw new NotSupportedException($"{Name} cannot stop a member gracefully");

    void Resume(int member);

    /// <summary>Starts a killed member again, optionally with an empty data directory.</summary>
    Task RestartAsync(int member, bool wipe, CancellationToken cancellationToken);

    bool SupportsWipe { get; }

    /// <summary>
    /// The value of every committed write to a key starting with <paramref name="keyPrefix"/>, streamed as the system
    /// delivers it (our Subscribe, etcd's Watch), for the lag benchmark (<c>--subscribe-lag</c>). Each write's value
    /// identifies it: the harness writes each value once. Ends only by cancellation or failure.
    /// </summary>
    /// With <paramref name="fromStart"/> it starts at the oldest write the system still holds (catch-up reads,
    /// <c>--subscribe-catchup</c>); otherwise a system may start at the present.
    IAsyncEnumerable<long> WrittenValuesAsync(string keyPrefix, CancellationToken cancellationToken, bool fromStart = false) =>
        throw new NotSupportedException($"{Name} cannot stream its committed writes");

    /// <summary>The namespaces the members run in (<c>--netns</c>), or null when everything is on 127.0.0.1.</summary>
    NetnsTopology? Network { get; }
}
