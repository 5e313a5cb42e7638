using EntityPlatform.Kubernetes.Emulation.Validation;

namespace EntityPlatform.Kubernetes.Emulation.Resources;

/// <summary>
/// What the emulation knows about one resource: its REST names, whether it has the status and scale
/// subresources, whether metadata.generation tracks spec changes, and (for custom resources) the
/// schema that admits objects.
/// </summary>
public sealed record ResourceDefinition(string Group, string Version, string Plural, string Kind)
{
    public bool HasStatus { get; init; }

    /// <summary>metadata.generation starts at 1 and bumps on every change outside metadata and status.</summary>
    public bool TracksGeneration { get; init; }

    public ScalePaths? Scale { get; init; }

    /// <summary>Not namespaced (Nodes): stored under the namespace "", served at /api/v1/PLURAL/NAME.</summary>
    public bool ClusterScoped { get; init; }

    public SchemaValidator? Schema { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"statefulsets.apps", as error messages name a resource.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"StatefulSet.apps", as 422 messages name a kind.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
