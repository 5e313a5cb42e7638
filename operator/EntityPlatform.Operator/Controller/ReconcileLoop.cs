using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Reconcile;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Operator.Controller;

/// <summary>
/// Workers that take keys from the queue and reconcile them: success forgets the key's backoff (and
/// requeues it when asked), failure requeues it rate-limited. The queue never gives one key to two
/// workers, which is the per-object lock.
/// </summary>
public sealed partial class ReconcileLoop(WorkQueue queue, IReconciler reconciler, OperatorMetrics metrics, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public Task RunAsync(int workers, CancellationToken cancellation) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellation), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            ObjectKey? next;
            try
            {
                next = await queue.GetAsync(cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (next is not { } key)
            {
                return;
            }

            try
            {
                var result = await reconciler.ReconcileAsync(key, cancellation).ConfigureAwait(false);
                metrics.Reconciled();
                queue.Forget(key);
                if (result.RequeueAfter is { } delay)
                {
                    queue.AddAfter(key, delay);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                metrics.Failed(error is ConflictException);
                var delay = queue.AddRateLimited(key);
                LogFailed(_logger, key.ToString(), delay.TotalMilliseconds, error.Message);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(10, LogLevel.Warning, "reconcile of {Key} failed; retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogFailed(ILogger logger, string key, double delayMs, string reason);
}
