using EntityPlatform.Entities.Model;

namespace EntityPlatform.Client.Typed;

/// <summary>The state, command and event types of an entity class, found once per class from its EntityType base.</summary>
internal static class EntityTypeShape<TEntity>
{
    public static readonly (Type State, Type Command, Type Event) Types = Find();

    private static (Type, Type, Type) Find()
    {
        for (var type = typeof(TEntity); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EntityType<,,>))
            {
                var arguments = type.GetGenericArguments();
                return (arguments[0], arguments[1], arguments[2]);
            }
        }

        throw new ArgumentException($"{typeof(TEntity).Name} does not derive from EntityType<TState, TCommand, TEvent>; pass an entity class", nameof(TEntity));
    }
}
