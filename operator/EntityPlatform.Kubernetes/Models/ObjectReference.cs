namespace EntityPlatform.Kubernetes.Models;

/// <summary>v1 ObjectReference: the object an Event is about.</summary>
public sealed class ObjectReference
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    public string? Name { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}
