namespace EntityPlatform.Kubernetes.Models;

public sealed class ServiceSpec
{
    /// <summary>"ClusterIP" (default), "NodePort" or "LoadBalancer".</summary>
    public string? Type { get; set; }

    /// <summary>"None" makes the Service headless: DNS names per pod, no virtual IP.</summary>
    public string? ClusterIP { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public List<ServicePort>? Ports { get; set; }

    /// <summary>Peers must resolve each other before they are ready, or a new group never elects.</summary>
    public bool? PublishNotReadyAddresses { get; set; }
}
