using System.Text.Json.Serialization;

namespace EntityPlatform.Kubernetes.Models;

public sealed class ContainerPort
{
    public string? Name { get; set; }

    // A member may not share its type's name in C#; the wire name stays "containerPort".
    [JsonPropertyName("containerPort")]
    public int Port { get; set; }

    public string? Protocol { get; set; }
}
