using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.ObjectMeta: the fields the operator reads or writes.</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? GenerateName { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    /// <summary>Opaque; only ever compared for equality or sent back (optimistic concurrency).</summary>
    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public DateTimeOffset? CreationTimestamp { get; set; }

    public DateTimeOffset? DeletionTimestamp { get; set; }

    public long? DeletionGracePeriodSeconds { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<OwnerReference>? OwnerReferences { get; set; }

    public List<string>? Finalizers { get; set; }

    /// <summary>Server-side apply bookkeeping; kept opaque and round-tripped untouched.</summary>
    public JsonArray? ManagedFields { get; set; }
}
