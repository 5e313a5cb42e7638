namespace EntityPlatform.Node.Scheduler;

/// <summary>Settings of one node's multi-Raft loop. Durations in Raft ticks of <see cref="TickInterval"/>.</summary>
public sealed record SchedulerOptions
{
    public required ulong NodeId { get; init; }

    /// <summary>One Raft tick. Election timeout = ElectionTicks × this (randomized up to twice that).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The clock ticks and read freshness are measured on: its monotonic timestamps, never its wall time.
    /// Tests pass a fake one.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public int ElectionTicks { get; init; } = 15;

    public int HeartbeatTicks { get; init; } = 3;

    /// <summary>An idle shard stops heartbeats after this many ticks (0 = never).</summary>
    public int QuiesceAfterIdleTicks { get; init; } = 200;

    /// <summary>Client sessions remembered per shard for deduplication.</summary>
    public int MaxSessionsPerShard { get; init; } = 100_000;

    /// <summary>Commands waiting per shard (decided or queued behind their entity) before new ones are refused.</summary>
    public int MaxQueuedCommandsPerShard { get; init; } = 10_000;

    /// <summary>Inputs (peer batches, client requests) waiting for the loop before new ones are refused.</summary>
    public int MaxInboxItems { get; init; } = 100_000;

    /// <summary>A shard snapshots and compacts its log once this many entries were applied since the last snapshot.</summary>
    public ulong SnapshotEveryEntries { get; init; } = 10_000;

    /// <summary>Entries kept after a snapshot, so slightly lagging followers catch up from the log, not a snapshot.</summary>
    public ulong EntriesKeptAfterSnapshot { get; init; } = 1_000;

    /// <summary>The node's data was wiped: replicas it bootstraps now do not vote until caught up (RaftConfig.Rejoining).</summary>
    public bool Rejoin { get; init; }

    /// <summary>
    /// The node crashed or stopped while it was still rejoining: every replica it stores starts rejoining too,
    /// not only those it bootstraps, since a replica part-way through catching up may still lack entries it
    /// had acknowledged before the disk loss.
    /// </summary>
    public bool RejoinStoredReplicas { get; init; }

    /// <summary>
    /// Called once, on the loop thread, when a node started with <see cref="Rejoin"/> has no rejoining replica
    /// left (each has caught up with a leader): the host then clears its durable "rejoin pending" mark.
    /// </summary>
    public Action? RejoinFinished { get; init; }

    /// <summary>
    /// TEST ONLY, UNSAFE: answer a command as soon as it is proposed, before it is persisted or replicated.
    /// Exists so the harness can prove its durability checker catches lost acknowledged writes; set by the
    /// environment variable EP_TEST_UNSAFE_ACK_BEFORE_FSYNC=1 and logged loudly at start.
    /// </summary>
    public bool UnsafeAckBeforePersist { get; init; }

    /// <summary>
    /// TEST ONLY: deciding a command for this entity id throws, as an unexpected bug in the loop would, so
    /// multi-process tests can prove that a dead loop ends its process (issue 12, item 8). Set by the
    /// environment variable EP_TEST_LOOP_FAULT_ON_ENTITY and logged loudly at start; null in production.
    /// </summary>
    public string? TestLoopFaultEntityId { get; init; }

    /// <summary>
    /// TEST ONLY (EP_TEST_APPLY_FAULT_ON_ENTITY): applying a committed command for this entity id throws, as a
    /// poison entry would, so tests can show that it faults that shard's replica and nothing else. Null in production.
    /// </summary>
    public string? TestApplyFaultEntityId { get; init; }

    /// <summary>
    /// Where each shard replica keeps its event log (one folder per Raft group, docs/events.md); null keeps
    /// no event logs (unit tests of the loop), and Subscribe then answers UNAVAILABLE.
    /// </summary>
    public string? EventLogDirectory { get; init; }

    /// <summary>Sizes of each replica's event log.</summary>
    public Storage.Events.EventLogOptions EventLog { get; init; } = new();

    /// <summary>Event retention per entity type (spec.events.retention); a type not named keeps EventRetention.Default.</summary>
    public IReadOnlyDictionary<string, Storage.Events.EventRetention> EventRetention { get; init; } =
        new Dictionary<string, Storage.Events.EventRetention>(StringComparer.Ordinal);

    /// <summary>How long a request may wait when the client gave no deadline.</summary>
    public TimeSpan DefaultRequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
