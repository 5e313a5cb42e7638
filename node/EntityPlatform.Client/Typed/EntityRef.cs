using EntityPlatform.Entities.Serialization;
using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Client.Typed;

/// <summary>
/// A typed handle on one entity: commands and results in the entity type's own C# types, encoded with the
/// same serializer the entity type uses. Cheap; make one per use or keep it.
/// </summary>
public sealed class EntityRef<TState, TCommand, TEvent>(EntityPlatformClient client, string entityType, string entityId, IEntitySerializer serializer)
    where TState : notnull
    where TCommand : notnull
    where TEvent : notnull
{
    public string EntityType => entityType;

    public string EntityId => entityId;

    /// <summary>Sends a command; retried safely until answered or the timeout passes (docs/client.md).</summary>
    /// <exception cref="EntityPlatformException">The call failed for good; the command was applied at most once.</exception>
    public async Task<CommandResult<TEvent>> SendAsync(TCommand command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var payload = serializer.Serialize(command, typeof(TCommand));
        var reply = await client.SendCommandAsync(entityType, entityId, payload, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.OutcomeCase == CommandReply.OutcomeOneofCase.Rejected)
        {
            return new CommandResult<TEvent> { IsAccepted = false, Events = [], RejectionReason = reply.Rejected.Reason };
        }

        var accepted = reply.Accepted;
        return new CommandResult<TEvent>
        {
            IsAccepted = true,
            Events = accepted.EventCount == 0 || accepted.Reply.IsEmpty ? [] : ReadEvents(accepted.Reply.Span),
            FirstEventOffset = accepted.FirstEventOffset,
            Deduplicated = accepted.Deduplicated,
        };
    }

    /// <summary>Runs the query registered as <paramref name="queryName"/> (e.g. "balance") and reads its result as <typeparamref name="TResult"/>.</summary>
    /// <param name="query">The query's input, or null for queries that take none.</param>
    public async Task<TResult> QueryAsync<TResult>(string queryName, object? query = null, QueryConsistency consistency = QueryConsistency.Linearizable,
        TimeSpan? maxStaleness = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var payload = query is null ? [] : serializer.Serialize(query, query.GetType());
        var reply = await client.QueryAsync(entityType, entityId, queryName, payload, consistency, maxStaleness, timeout, cancellationToken).ConfigureAwait(false);
        return (TResult)serializer.Deserialize(reply.Result.Span, typeof(TResult));
    }

    /// <summary>The entity's whole state, for types that register the "state" query.</summary>
    public Task<TState> GetStateAsync(QueryConsistency consistency = QueryConsistency.Linearizable, CancellationToken cancellationToken = default) =>
        QueryAsync<TState>("state", null, consistency, cancellationToken: cancellationToken);

    private TEvent[] ReadEvents(ReadOnlySpan<byte> reply)
    {
        // The node answers with the recorded events as one array in the serializer's form (entity.proto's Accepted.reply).
        try
        {
            return (TEvent[])serializer.Deserialize(reply, typeof(TEvent[]));
        }
        catch (EntityPayloadException error)
        {
            throw new EntityPayloadException($"{entityType}/{entityId}: the accepted reply is not an array of {typeof(TEvent).Name}: {error.Message}", error);
        }
    }
}
