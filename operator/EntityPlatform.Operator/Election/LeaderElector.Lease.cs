using EntityPlatform.Kubernetes.Errors;
using k8s;
using k8s.Models;

namespace EntityPlatform.Operator.Election;

public sealed partial class LeaderElector
{
    /// <summary>One attempt: create the Lease, renew our own, or take over one not seen renewed for LeaseDuration.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.RenewDeadline);
        try
        {
            return await TryOnceAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is KubernetesApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            Log.AttemptFailed(_logger, options.Name, error.Message);
            return false;
        }
    }

    private async Task<bool> TryOnceAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        var seconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
        var lease = await ReadLeaseAsync(cancellation).ConfigureAwait(false);
        if (lease is null)
        {
            try
            {
                await client.Api.CoordinationV1.CreateNamespacedLeaseAsync(
                    new V1Lease
                    {
                        Metadata = new V1ObjectMeta { Name = options.Name, NamespaceProperty = options.Namespace },
                        Spec = new V1LeaseSpec
                        {
                            HolderIdentity = options.Identity, LeaseDurationSeconds = seconds,
                            AcquireTime = now.UtcDateTime, RenewTime = now.UtcDateTime, LeaseTransitions = 0,
                        },
                    },
                    options.Namespace, cancellationToken: cancellation).ConfigureAwait(false);
                Observe($"{options.Identity}|{now:O}|0");
                return true;
            }
            catch (AlreadyExistsException)
            {
                return false;
            }
        }

        var spec = lease.Spec;
        Observe($"{spec.HolderIdentity}|{spec.RenewTime:O}|{spec.LeaseTransitions}");
        var mine = spec.HolderIdentity == options.Identity;
        var held = !string.IsNullOrEmpty(spec.HolderIdentity);
        var observedFor = time.GetElapsedTime(_observedTimestamp);
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? seconds);
        if (!mine && held && observedFor < duration)
        {
            return false;
        }

        if (!mine)
        {
            spec.HolderIdentity = options.Identity;
            spec.AcquireTime = now.UtcDateTime;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.RenewTime = now.UtcDateTime;
        spec.LeaseDurationSeconds = seconds;
        try
        {
            // The update carries the resourceVersion we read: a rival's concurrent write makes it a 409.
            var updated = await ReplaceLeaseAsync(lease, cancellation).ConfigureAwait(false);
            Observe($"{updated.Spec.HolderIdentity}|{updated.Spec.RenewTime:O}|{updated.Spec.LeaseTransitions}");
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
    }

    /// <summary>On a graceful stop the holder empties the Lease, so a standby takes over at once.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            var lease = await ReadLeaseAsync(timeout.Token).ConfigureAwait(false);
            if (lease?.Spec.HolderIdentity == options.Identity)
            {
                lease.Spec.HolderIdentity = null;
                lease.Spec.LeaseDurationSeconds = 1;
                await ReplaceLeaseAsync(lease, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is KubernetesApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            Log.AttemptFailed(_logger, options.Name, "release: " + error.Message);
        }
    }

    /// <summary>The Lease through the library's coordination.k8s.io/v1 API, or null when there is none yet.</summary>
    private async Task<V1Lease?> ReadLeaseAsync(CancellationToken cancellation)
    {
        try
        {
            return await client.Api.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace, cancellationToken: cancellation)
                .ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>A PUT carrying the resourceVersion we read: a rival's write in between makes it a 409.</summary>
    private Task<V1Lease> ReplaceLeaseAsync(V1Lease lease, CancellationToken cancellation) =>
        client.Api.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.Name, options.Namespace, cancellationToken: cancellation);

    private void Observe(string record)
    {
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedTimestamp = time.GetTimestamp();
        }
    }
}
