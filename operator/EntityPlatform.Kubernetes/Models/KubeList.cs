namespace EntityPlatform.Kubernetes.Models;

/// <summary>A list response ({Kind}List).</summary>
public sealed class KubeList<T>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public ListMeta Metadata { get; set; } = new();

    public List<T> Items { get; set; } = [];
}
