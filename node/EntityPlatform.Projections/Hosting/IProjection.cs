using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Hosting;

/// <summary>
/// User code that turns committed events into read-model writes. The host calls it with a batch of new
/// events (each offset once, in order per shard, no gaps) and the unit of work to write through; it saves the
/// checkpoints and commits after the call returns. It must write only through the unit of work, so its
/// effects commit or vanish with the checkpoint. A throw rolls the batch back; the host retries it.
/// </summary>
public interface IProjection<in TUnitOfWork> where TUnitOfWork : IUnitOfWork
{
    Task HandleAsync(TUnitOfWork unitOfWork, IReadOnlyList<CommittedEvent> events, CancellationToken cancellationToken);
}
