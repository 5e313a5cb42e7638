namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Tells topology watchers that some replica on this node changed role or leader (an election, a lost lease,
/// a leadership transfer). The loop calls <see cref="Bump"/>; any thread may wait for the next change. A wait
/// is one shared task per change, not one per waiter, so many watchers cost one allocation per change.
/// </summary>
public sealed class LeadershipChanges
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long version;

    /// <summary>How many changes there have been; a watcher compares it with the version it last sent.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>Completes when the version moves past <paramref name="seen"/> (at once if it already has).</summary>
    public Task NextAfter(long seen)
    {
        var waiter = Volatile.Read(ref next).Task;
        return Version != seen ? Task.CompletedTask : waiter;
    }

    /// <summary>Records a change and wakes every waiter. Called on the loop only.</summary>
    public void Bump()
    {
        // The version moves before the task is swapped: a waiter that reads the new task then sees the new
        // version and returns at once, and one that read the old task is woken below. No change is missed.
        Interlocked.Increment(ref version);
        var woken = Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        woken.TrySetResult();
    }
}
