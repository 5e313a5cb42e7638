namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.ListMeta: the list's resourceVersion is where a following watch starts.</summary>
public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }

    /// <summary>Set when the server cut the list at the requested limit; pass it back for the next page.</summary>
    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}
