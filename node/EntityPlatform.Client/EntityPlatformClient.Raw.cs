using EntityPlatform.Client.Calls;
using EntityPlatform.Client.Routing;
using EntityPlatform.Entities.Routing;
using EntityPlatform.Grpc.Api.V1;
using Google.Protobuf;

namespace EntityPlatform.Client;

public sealed partial class EntityPlatformClient
{
    /// <summary>
    /// Sends a command's bytes (encoded by the entity type's serializer) with this client's session and the
    /// next request id, retrying as described in docs/client.md. A rejection by the entity is a reply, not an exception.
    /// </summary>
    /// <param name="timeout">The whole call's deadline, retries included; <c>DefaultTimeout</c> when null.</param>
    /// <exception cref="EntityPlatformException">The call failed for good.</exception>
    public async Task<CommandReply> SendCommandAsync(string entityType, string entityId, ReadOnlyMemory<byte> payload,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ValidateAddress(entityType, entityId);
        var budget = Budget(timeout);
        await refresher.EnsureKnownAsync(entityType, budget.Remaining, cancellationToken).ConfigureAwait(false);
        // A session that expired on the shard (its dedup table was full) is retired, and the command goes
        // once more on a fresh session, but only when no earlier attempt can have applied it.
        for (var sessionTry = 1; ; sessionTry++)
        {
            var lane = await sessions.RentAsync(cancellationToken).ConfigureAwait(false);
            var expired = false;
            try
            {
                var request = new CommandRequest
                {
                    EntityType = entityType,
                    EntityId = entityId,
                    Payload = ByteString.CopyFrom(payload.Span),
                    ClientSessionId = lane.IdText,
                    RequestId = lane.NextRequestId(),
                };
                var call = new CommandCall(request, ShardOf(entityType, entityId), budget);
                return await executor.RunAsync(call, static reply => reply.OutcomeCase == CommandReply.OutcomeOneofCase.Rejected ? "rejected" : "ok",
                    cancellationToken).ConfigureAwait(false);
            }
            catch (EntityPlatformException error) when (error.IsSessionExpired)
            {
                expired = true;
                if (error.MayHaveBeenApplied || sessionTry >= 2)
                {
                    throw;
                }
            }
            finally
            {
                if (expired)
                {
                    sessions.Retire(lane);
                }
                else
                {
                    sessions.Return(lane);
                }
            }
        }
    }

    /// <summary>Runs a registered query (<paramref name="queryName"/>; "state" when empty) on the entity's bytes.</summary>
    /// <param name="maxStaleness">Only for <see cref="QueryConsistency.BoundedStaleness"/>; the node's default when null.</param>
    /// <exception cref="EntityPlatformException">The call failed for good (an unknown query name is INVALID_ARGUMENT).</exception>
    public async Task<QueryReply> QueryAsync(string entityType, string entityId, string queryName, ReadOnlyMemory<byte> payload,
        QueryConsistency consistency = QueryConsistency.Linearizable, TimeSpan? maxStaleness = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ValidateAddress(entityType, entityId);
        var budget = Budget(timeout);
        await refresher.EnsureKnownAsync(entityType, budget.Remaining, cancellationToken).ConfigureAwait(false);
        var request = new QueryRequest
        {
            EntityType = entityType,
            EntityId = entityId,
            QueryName = queryName ?? "",
            Payload = ByteString.CopyFrom(payload.Span),
            Consistency = consistency switch
            {
                QueryConsistency.Linearizable => Consistency.Linearizable,
                QueryConsistency.Lease => Consistency.Lease,
                QueryConsistency.BoundedStaleness => Consistency.BoundedStaleness,
                _ => throw new ArgumentOutOfRangeException(nameof(consistency), consistency, "expected Linearizable, Lease or BoundedStaleness"),
            },
            MaxStalenessMs = maxStaleness is { } bound ? (ulong)Math.Max(1, bound.TotalMilliseconds) : 0,
        };
        var call = new QueryCall(request, ShardOf(entityType, entityId), budget);
        return await executor.RunAsync(call, static _ => "ok", cancellationToken).ConfigureAwait(false);
    }

    private ShardKey? ShardOf(string entityType, string entityId) =>
        map.ShardCount(entityType) is { } shards ? new ShardKey(entityType, StableHash64.ShardOf(entityId, shards)) : null;

    private static void ValidateAddress(string entityType, string entityId)
    {
        if (string.IsNullOrEmpty(entityType))
        {
            throw new ArgumentException("entityType is empty; expected the name of an entity type, e.g. \"accounts\"", nameof(entityType));
        }

        if (string.IsNullOrEmpty(entityId))
        {
            throw new ArgumentException("entityId is empty; expected a non-empty id", nameof(entityId));
        }
    }
}
