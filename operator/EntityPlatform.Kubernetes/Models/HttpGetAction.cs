namespace EntityPlatform.Kubernetes.Models;

public sealed class HttpGetAction
{
    public string? Path { get; set; }

    public IntOrString Port { get; set; }
}
