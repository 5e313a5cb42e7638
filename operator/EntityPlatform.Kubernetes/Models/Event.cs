namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// v1 Event (core group): what <c>kubectl describe</c> shows under Events. The operator records notable
/// transitions of an EntityType this way.
/// </summary>
public sealed class Event : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("", "v1", "events", "Event");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "Event";

    public ObjectMeta Metadata { get; set; } = new();

    public ObjectReference InvolvedObject { get; set; } = new();

    /// <summary>CamelCase, e.g. "ScaledUp".</summary>
    public string? Reason { get; set; }

    public string? Message { get; set; }

    /// <summary>"Normal" or "Warning".</summary>
    public string? Type { get; set; }

    public EventSource? Source { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    public int? Count { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }
}
