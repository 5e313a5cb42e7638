namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Why one replica stopped while the rest of the node goes on (issue 12, item 7). A faulted replica is
/// silent from then on, like a crashed member, which Raft tolerates: it ticks, steps, votes, applies,
/// persists and sends nothing. Only a restart (after the cause is fixed) brings it back.
/// </summary>
public sealed record ReplicaFault(ReplicaFaultKind Kind, string Reason, DateTime FaultedAtUtc)
{
    /// <summary>The kind as the metric label and the admin Status text spell it.</summary>
    public string KindLabel => Kind.ToString().ToLowerInvariant();

    public override string ToString() => $"{KindLabel}: {Reason}";

    /// <summary>
    /// Whether an error raised while working on one replica may stop that replica alone. Running out of
    /// memory is the whole process's problem, and a full or failing disk is the whole engine's (the commit
    /// is shared): those keep the node-wide fail-fast path.
    /// </summary>
    public static bool IsReplicaScoped(Exception error) =>
        error is not (OutOfMemoryException or InsufficientExecutionStackException or Storage.Engine.StorageFullException);

    /// <summary>One sentence naming the error's type and message (the first line only: stack traces go to the log).</summary>
    public static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
