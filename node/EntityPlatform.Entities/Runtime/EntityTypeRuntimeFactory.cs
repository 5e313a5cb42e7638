using EntityPlatform.Entities.Model;
using EntityPlatform.Entities.Serialization;

namespace EntityPlatform.Entities.Runtime;

/// <summary>Builds a runtime from an entity class, finding its state, command and event types.</summary>
public static class EntityTypeRuntimeFactory
{
    public static IEntityTypeRuntime Create<TEntity>(string name, IEntitySerializer? serializer = null)
        where TEntity : new() => Create(name, new TEntity(), serializer);

    public static IEntityTypeRuntime Create(string name, object entity, IEntitySerializer? serializer = null)
    {
        // Validated here too: reflection would wrap the constructor's ArgumentException.
        EntityTypeName.Validate(name);
        var baseType = entity.GetType();
        while (baseType is not null && !(baseType.IsGenericType && baseType.GetGenericTypeDefinition() == typeof(EntityType<,,>)))
        {
            baseType = baseType.BaseType;
        }

        if (baseType is null)
        {
            throw new ArgumentException(
                $"{entity.GetType().Name} does not derive from EntityType<TState, TCommand, TEvent>.", nameof(entity));
        }

        var runtimeType = typeof(EntityTypeRuntime<,,>).MakeGenericType(baseType.GetGenericArguments());
        return (IEntityTypeRuntime)Activator.CreateInstance(runtimeType, name, entity, serializer ?? new JsonEntitySerializer())!;
    }
}
