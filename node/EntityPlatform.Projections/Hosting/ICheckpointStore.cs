namespace EntityPlatform.Projections.Hosting;

/// <summary>
/// A read model's store seen by the projection host: it hands out units of work (transactions) and reads
/// the checkpoints those transactions committed. One store serves one projection name.
/// </summary>
public interface ICheckpointStore<TUnitOfWork> where TUnitOfWork : IUnitOfWork
{
    /// <summary>The last offset applied in each shard, as committed (a shard never applied is absent).</summary>
    Task<IReadOnlyDictionary<uint, ulong>> LoadCheckpointsAsync(CancellationToken cancellationToken);

    Task<TUnitOfWork> BeginAsync(CancellationToken cancellationToken);
}
