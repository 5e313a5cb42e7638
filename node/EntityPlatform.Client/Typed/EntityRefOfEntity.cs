using EntityPlatform.Entities.Serialization;
using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Client.Typed;

/// <summary>
/// The handle <c>client.Entity&lt;Account&gt;("accounts", "acct-42")</c> returns. Its command, event and state
/// types are the entity class's, checked at run time; for compile-time types use
/// <c>client.Entity(new Account(), "accounts", "acct-42")</c>, which returns <see cref="EntityRef{TState,TCommand,TEvent}"/>.
/// </summary>
public sealed class EntityRef<TEntity>
    where TEntity : class, new()
{
    private readonly EntityPlatformClient client;
    private readonly IEntitySerializer serializer;

    internal EntityRef(EntityPlatformClient client, string entityType, string entityId, IEntitySerializer serializer)
    {
        _ = EntityTypeShape<TEntity>.Types;
        Entities.Runtime.EntityTypeName.Validate(entityType);
        if (string.IsNullOrEmpty(entityId))
        {
            throw new ArgumentException("entityId is empty; expected a non-empty id", nameof(entityId));
        }

        this.client = client;
        this.serializer = serializer;
        EntityType = entityType;
        EntityId = entityId;
    }

    public string EntityType { get; }

    public string EntityId { get; }

    /// <summary>Sends a command, which must be an instance of the entity's command type; events come back as that entity's event objects.</summary>
    public async Task<CommandResult<object>> SendAsync(object command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var (_, commandType, eventType) = EntityTypeShape<TEntity>.Types;
        if (!commandType.IsInstanceOfType(command))
        {
            throw new ArgumentException($"command is a {command?.GetType().Name ?? "null"}; {typeof(TEntity).Name} takes {commandType.Name}", nameof(command));
        }

        var reply = await client.SendCommandAsync(EntityType, EntityId, serializer.Serialize(command, commandType), timeout, cancellationToken).ConfigureAwait(false);
        if (reply.OutcomeCase == CommandReply.OutcomeOneofCase.Rejected)
        {
            return new CommandResult<object> { IsAccepted = false, Events = [], RejectionReason = reply.Rejected.Reason };
        }

        var accepted = reply.Accepted;
        var events = accepted.EventCount == 0 || accepted.Reply.IsEmpty
            ? []
            : ((Array)serializer.Deserialize(accepted.Reply.Span, eventType.MakeArrayType())).Cast<object>().ToArray();
        return new CommandResult<object>
        {
            IsAccepted = true,
            Events = events,
            FirstEventOffset = accepted.FirstEventOffset,
            Deduplicated = accepted.Deduplicated,
        };
    }

    /// <summary>Runs a registered query and reads its result as <typeparamref name="TResult"/>.</summary>
    public async Task<TResult> QueryAsync<TResult>(string queryName, object? query = null, QueryConsistency consistency = QueryConsistency.Linearizable,
        TimeSpan? maxStaleness = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var payload = query is null ? [] : serializer.Serialize(query, query.GetType());
        var reply = await client.QueryAsync(EntityType, EntityId, queryName, payload, consistency, maxStaleness, timeout, cancellationToken).ConfigureAwait(false);
        return (TResult)serializer.Deserialize(reply.Result.Span, typeof(TResult));
    }
}
