using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Checkpoints;

namespace EntityPlatform.Projections.Hosting;

/// <summary>
/// One transaction of the read model's store. The projection writes through it, the host saves the
/// checkpoints and commits. Disposing it without <see cref="CommitAsync"/> must undo everything, which is
/// what makes a crash between the projection's writes and the commit leave nothing behind.
/// </summary>
public interface IUnitOfWork : IAsyncDisposable
{
    /// <summary>
    /// Moves each shard's stored checkpoint from <see cref="CheckpointAdvance.FromOffset"/> to
    /// <see cref="CheckpointAdvance.ToOffset"/>, in this transaction.
    /// </summary>
    /// <exception cref="CheckpointConflictException">A stored checkpoint is not at FromOffset any more: another
    /// host (or an earlier commit whose answer was lost) moved it. Nothing may be committed.</exception>
    Task SaveCheckpointsAsync(IReadOnlyList<CheckpointAdvance> advances, CancellationToken cancellationToken);

    /// <summary>Records an event the projection could not handle (the dead-letter poison policy), in this transaction.</summary>
    Task RecordDeadLetterAsync(CommittedEvent poison, string error, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
