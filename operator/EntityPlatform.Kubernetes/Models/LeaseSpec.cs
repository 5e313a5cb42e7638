using System.Text.Json.Serialization;
using EntityPlatform.Kubernetes.Serialization;

namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// coordination.k8s.io/v1 LeaseSpec. The times are MicroTime (microsecond RFC 3339). Candidates must not
/// compare renewTime with their own clock: expiry is judged by when a candidate last saw the record change.
/// </summary>
public sealed class LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
