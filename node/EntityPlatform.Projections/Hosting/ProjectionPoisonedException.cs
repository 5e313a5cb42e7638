using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Hosting;

/// <summary>The projection failed on one event after every retry, and the poison policy is <see cref="PoisonPolicy.Stop"/>.</summary>
public sealed class ProjectionPoisonedException(CommittedEvent poison, int attempts, Exception lastError)
    : Exception($"projection failed {attempts} times on shard {poison.ShardId} offset {poison.Offset} (entity '{poison.EntityId}'): {lastError.Message}", lastError)
{
    public CommittedEvent Poison { get; } = poison;
}
