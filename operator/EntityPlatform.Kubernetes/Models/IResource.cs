namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// Ties a model type to its REST resource. A static member keeps the mapping on the type itself, so a
/// call such as <c>client.GetAsync&lt;StatefulSet&gt;(ns, name)</c> cannot name the wrong path.
/// </summary>
public interface IResource
{
    static abstract ResourceType Resource { get; }
}
