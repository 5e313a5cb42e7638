using EntityPlatform.Client.Typed;
using EntityPlatform.Entities.Model;
using EntityPlatform.Entities.Serialization;

namespace EntityPlatform.Client;

public sealed partial class EntityPlatformClient
{
    /// <summary>
    /// A typed handle on the entity type registered as <paramref name="name"/>. The entity class instance
    /// only carries its types: C# infers TState, TCommand and TEvent from it, e.g.
    /// <c>var accounts = client.EntityType(new Account(), "accounts");</c>. Nothing is sent.
    /// </summary>
    /// <param name="serializer">The entity type's serializer when it is not the client's (<c>Serializer</c> option).</param>
    public EntityTypeRef<TState, TCommand, TEvent> EntityType<TState, TCommand, TEvent>(EntityType<TState, TCommand, TEvent> entityType, string name,
        IEntitySerializer? serializer = null)
        where TState : notnull
        where TCommand : notnull
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return new EntityTypeRef<TState, TCommand, TEvent>(this, name, serializer ?? options.Serializer);
    }

    /// <summary>A typed handle on one entity: <c>client.Entity(new Account(), "accounts", "acct-42").SendAsync(new AccountCommand.Withdraw(40))</c>.</summary>
    public EntityRef<TState, TCommand, TEvent> Entity<TState, TCommand, TEvent>(EntityType<TState, TCommand, TEvent> entityType, string name, string entityId)
        where TState : notnull
        where TCommand : notnull
        where TEvent : notnull =>
        EntityType(entityType, name).Entity(entityId);

    /// <summary>
    /// A typed handle from the entity class alone, as <c>client.Entity&lt;Account&gt;("accounts", "acct-42")</c>.
    /// C# cannot infer a base class's type arguments from one type argument, so this form returns an
    /// <see cref="EntityRef{TEntity}"/> whose calls take the command as its base type at run time.
    /// </summary>
    public EntityRef<TEntity> Entity<TEntity>(string name, string entityId)
        where TEntity : class, new() => new(this, name, entityId, options.Serializer);
}
