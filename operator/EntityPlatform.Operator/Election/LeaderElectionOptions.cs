namespace EntityPlatform.Operator.Election;

/// <summary>
/// Lease-based leader election timings (client-go's defaults). The holder must renew within
/// <see cref="RenewDeadline"/> or step down; a candidate takes over only after it has seen the record
/// unchanged for <see cref="LeaseDuration"/> by its own clock. RenewDeadline &lt; LeaseDuration is what
/// keeps two leaders from overlapping: the old one stops before anyone may start.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string Namespace { get; init; }

    /// <summary>The Lease's name, shared by every replica of the operator.</summary>
    public required string Name { get; init; }

    /// <summary>This replica's identity (the pod name).</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (string.IsNullOrEmpty(Namespace) || string.IsNullOrEmpty(Name) || string.IsNullOrEmpty(Identity))
        {
            throw new ArgumentException("leader election: namespace, name (--leader-election-id) and identity (POD_NAME) are required");
        }

        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException(
                $"leader election: expected 0 < retry-period ({RetryPeriod}) < renew-deadline ({RenewDeadline}) < lease-duration ({LeaseDuration})");
        }
    }
}
