namespace EntityPlatform.Entities.Model;

/// <summary>
/// An entity type: commands are decided into events, events are applied to state. Derive from this and
/// register it in the host (<c>AddEntityType&lt;Account&gt;("accounts")</c>).
/// <list type="bullet">
/// <item><see cref="Decide"/> runs on the shard leader only, one command per entity at a time. It may read
/// the state and reject; it must not have side effects, since a retried command may be decided again
/// on a new leader.</item>
/// <item><see cref="Apply"/> runs on every replica, in log order, and must be deterministic: same state and
/// event, same result, on every machine (no clocks, randomness, or iteration over unordered sets).</item>
/// <item>Queries are read-only functions of the state, registered in <see cref="DefineQueries"/>.</item>
/// </list>
/// </summary>
public abstract class EntityType<TState, TCommand, TEvent>
    where TState : notnull
    where TCommand : notnull
    where TEvent : notnull
{
    /// <summary>The state of an entity that has never received an event.</summary>
    public abstract TState Initial { get; }

    public abstract Decision<TEvent> Decide(TState state, TCommand command);

    public abstract TState Apply(TState state, TEvent @event);

    /// <summary>Registers read-only queries by name, e.g. <c>queries.Add&lt;BalanceQuery, long&gt;("balance", (s, q) =&gt; s.Balance)</c>.</summary>
    public virtual void DefineQueries(QueryRegistry<TState> queries)
    {
    }
}
