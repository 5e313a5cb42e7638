using EntityPlatform.Entities.Runtime;
using EntityPlatform.Entities.Serialization;

namespace EntityPlatform.Node.Hosting;

/// <summary>The entity types a node hosts, by name: <c>registry.AddEntityType&lt;Account&gt;("accounts")</c>.</summary>
public sealed class EntityTypeRegistry
{
    private readonly Dictionary<string, IEntityTypeRuntime> types = new(StringComparer.Ordinal);

    public EntityTypeRegistry AddEntityType<TEntity>(string name, IEntitySerializer? serializer = null)
        where TEntity : new() => Add(EntityTypeRuntimeFactory.Create<TEntity>(name, serializer));

    public EntityTypeRegistry Add(IEntityTypeRuntime runtime)
    {
        if (!types.TryAdd(runtime.Name, runtime))
        {
            throw new ArgumentException($"entity type '{runtime.Name}' is registered twice", nameof(runtime));
        }

        return this;
    }

    public IReadOnlyCollection<string> Names => types.Keys;

    public bool TryGet(string name, out IEntityTypeRuntime runtime) => types.TryGetValue(name, out runtime!);

    /// <summary>Looks up a type named by a client; the error lists what the node hosts.</summary>
    public IEntityTypeRuntime Get(string name) => types.TryGetValue(name, out var runtime)
        ? runtime
        : throw new KeyNotFoundException($"entity type '{name}' is not hosted here; known types: {string.Join(", ", types.Keys.Order())}");
}
