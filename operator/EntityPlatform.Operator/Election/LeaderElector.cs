using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Operator.Election;

/// <summary>
/// Leader election on a coordination.k8s.io Lease. <see cref="RunAsync"/> loops: acquire (retrying every
/// RetryPeriod), lead (the callback runs with a token that is cancelled the moment the lease is lost),
/// and back to acquiring. Expiry is judged by when this replica last saw the record change, never by
/// comparing the holder's renewTime with the local clock, so clock skew between pods cannot split the brain.
/// </summary>
public sealed partial class LeaderElector(KubernetesClient client, LeaderElectionOptions options, TimeProvider time, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private string? _observedRecord;
    private long _observedTimestamp;
    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;

    /// <summary>Times this replica became leader; for metrics and tests.</summary>
    public int TermsLed { get; private set; }

    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellation)
    {
        options.Validate();
        while (!cancellation.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellation).ConfigureAwait(false))
            {
                return;
            }

            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _isLeader = true;
            TermsLed++;
            Log.Acquired(_logger, options.Identity, options.Namespace, options.Name);
            var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            try
            {
                await RenewUntilLostAsync(cancellation).ConfigureAwait(false);
            }
            finally
            {
                // Step down before anything else: a reconcile must not start after the lease is gone.
                _isLeader = false;
                await leading.CancelAsync().ConfigureAwait(false);
                await WaitQuietlyAsync(work).ConfigureAwait(false);
            }

            if (cancellation.IsCancellationRequested)
            {
                await ReleaseAsync().ConfigureAwait(false);
                return;
            }

            Log.Lost(_logger, options.Identity, options.Name);
        }
    }

    /// <summary>True once acquired; false when cancelled first.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellation)
    {
        try
        {
            while (!await TryAcquireOrRenewAsync(cancellation).ConfigureAwait(false))
            {
                await Task.Delay(options.RetryPeriod, time, cancellation).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Renews every RetryPeriod; returns when no renewal succeeded within RenewDeadline.</summary>
    private async Task RenewUntilLostAsync(CancellationToken cancellation)
    {
        var lastRenew = time.GetTimestamp();
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RetryPeriod, time, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }

            if (await TryAcquireOrRenewAsync(cancellation).ConfigureAwait(false))
            {
                lastRenew = time.GetTimestamp();
                continue;
            }

            if (time.GetElapsedTime(lastRenew) >= options.RenewDeadline || !HeldByMeLastSeen)
            {
                return;
            }
        }
    }

    private bool HeldByMeLastSeen => _observedRecord?.StartsWith(options.Identity + "|", StringComparison.Ordinal) ?? false;

    private static async Task WaitQuietlyAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The leading callback ends by cancellation; that is the normal way.
        }
    }
}
