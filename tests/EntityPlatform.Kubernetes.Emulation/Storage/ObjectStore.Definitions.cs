using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    private readonly Dictionary<string, ResourceDefinition> _definitions = [];

    public void Register(ResourceDefinition def)
    {
        lock (_gate)
        {
            _definitions[def.QualifiedName] = def;
        }
    }

    /// <summary>The definition serving a path: group, version and plural must all match.</summary>
    public ResourceDefinition? Resolve(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _definitions.Values.FirstOrDefault(d => d.Group == group && d.Version == version && d.Plural == plural);
        }
    }

    private ResourceDefinition Definition(string qualifiedName) => _definitions[qualifiedName];
}
