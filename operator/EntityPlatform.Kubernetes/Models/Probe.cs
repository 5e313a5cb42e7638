namespace EntityPlatform.Kubernetes.Models;

/// <summary>An HTTP probe: the node host serves /healthz and /readyz.</summary>
public sealed class Probe
{
    public HttpGetAction? HttpGet { get; set; }

    public int? InitialDelaySeconds { get; set; }

    public int? PeriodSeconds { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? FailureThreshold { get; set; }
}
