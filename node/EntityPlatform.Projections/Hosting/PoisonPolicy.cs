namespace EntityPlatform.Projections.Hosting;

/// <summary>
/// What the host does with an event the projection still fails on after every retry, alone in its batch.
/// </summary>
public enum PoisonPolicy
{
    /// <summary>
    /// Stop the host with <see cref="ProjectionPoisonedException"/> naming the event. Its checkpoint is not
    /// moved, so a restart (after fixing the projection) tries the same event again. Nothing is skipped.
    /// </summary>
    Stop = 0,

    /// <summary>
    /// Record the event and the error through <see cref="IUnitOfWork.RecordDeadLetterAsync"/> and move its
    /// shard's checkpoint past it, in one transaction, then go on. The read model then lacks that event's
    /// effect until someone replays it by hand.
    /// </summary>
    DeadLetter = 1,
}
