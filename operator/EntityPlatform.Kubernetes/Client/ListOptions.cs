namespace EntityPlatform.Kubernetes.Client;

/// <summary>Selectors of a list or a watch.</summary>
public sealed record ListOptions
{
    /// <summary>Equality-based selector, e.g. "app.kubernetes.io/instance=counter".</summary>
    public string? LabelSelector { get; init; }

    /// <summary>e.g. "metadata.name=counter".</summary>
    public string? FieldSelector { get; init; }
}
