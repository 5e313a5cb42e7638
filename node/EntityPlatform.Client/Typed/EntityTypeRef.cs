using EntityPlatform.Entities.Runtime;
using EntityPlatform.Entities.Serialization;

namespace EntityPlatform.Client.Typed;

/// <summary>A typed handle on an entity type (its name in the cluster and its C# types); hands out <see cref="EntityRef{TState,TCommand,TEvent}"/>s.</summary>
public sealed class EntityTypeRef<TState, TCommand, TEvent>
    where TState : notnull
    where TCommand : notnull
    where TEvent : notnull
{
    private readonly EntityPlatformClient client;
    private readonly IEntitySerializer serializer;

    internal EntityTypeRef(EntityPlatformClient client, string name, IEntitySerializer serializer)
    {
        EntityTypeName.Validate(name);
        this.client = client;
        this.serializer = serializer;
        Name = name;
    }

    public string Name { get; }

    public EntityRef<TState, TCommand, TEvent> Entity(string entityId)
    {
        if (string.IsNullOrEmpty(entityId))
        {
            throw new ArgumentException("entityId is empty; expected a non-empty id", nameof(entityId));
        }

        return new EntityRef<TState, TCommand, TEvent>(client, Name, entityId, serializer);
    }
}
