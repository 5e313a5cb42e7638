namespace EntityPlatform.Kubernetes.Emulation.Resources;

/// <summary>The built-in kinds the operator uses, with their real subresources.</summary>
public static class BuiltInResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        new("", "v1", "configmaps", "ConfigMap"),
        new("", "v1", "services", "Service") { HasStatus = true },
        new("", "v1", "pods", "Pod") { HasStatus = true },
        new("", "v1", "events", "Event"),
        new("apps", "v1", "statefulsets", "StatefulSet")
        {
            HasStatus = true,
            TracksGeneration = true,
            Scale = new ScalePaths(".spec.replicas", ".status.replicas", ".spec.selector"),
        },
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget") { HasStatus = true, TracksGeneration = true },
        new("coordination.k8s.io", "v1", "leases", "Lease"),
        new("", "v1", "nodes", "Node") { HasStatus = true, ClusterScoped = true },
    ];
}
