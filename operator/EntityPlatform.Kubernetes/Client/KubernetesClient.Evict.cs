using System.Net;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// Evicts a pod through the Eviction API (POST pods/NAME/eviction), so PodDisruptionBudgets arbitrate
    /// between this and every other voluntary disruption (node drains). Returns false when the pod is
    /// already gone; throws <see cref="DisruptionBudgetException"/> when a budget refuses it now. The
    /// 429 is not retried here: the caller's next pass decides again on fresh state.
    /// </summary>
    public async Task<bool> EvictAsync(string @namespace, string podName, Preconditions? preconditions = null, CancellationToken cancellation = default)
    {
        var operation = Describe<Pod>("evict", @namespace, podName);
        var eviction = new Eviction
        {
            Metadata = new ObjectMeta { Name = podName, Namespace = @namespace },
            DeleteOptions = preconditions is null ? null : new DeleteOptions { Preconditions = preconditions },
        };
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Post, Pod.Resource.ObjectPath(@namespace, podName, "eviction"), Json(eviction)), retryable: false, operation, cancellation)
            .ConfigureAwait(false);
        return result.Status switch
        {
            HttpStatusCode.NotFound => false,
            HttpStatusCode.TooManyRequests => throw Budget(Error(result, operation)),
            _ when (int)result.Status is >= 200 and < 300 => true,
            _ => throw Error(result, operation),
        };
    }

    private static DisruptionBudgetException Budget(KubernetesApiException error) => new(error.Status, error.Message);
}
