namespace EntityPlatform.Kubernetes.Emulation.Resources;

/// <summary>Where the scale subresource reads and writes, as dotted paths (".spec.replicas").</summary>
public sealed record ScalePaths(string SpecReplicas, string StatusReplicas, string? LabelSelector);
