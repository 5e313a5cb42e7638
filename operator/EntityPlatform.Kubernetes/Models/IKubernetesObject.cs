namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// An object the API server stores: every kind has apiVersion, kind and metadata. The client reads the
/// resource's REST path from <see cref="IResource"/>, so a model is usable only when it implements both.
/// </summary>
public interface IKubernetesObject
{
    string ApiVersion { get; set; }

    string Kind { get; set; }

    ObjectMeta Metadata { get; set; }
}
