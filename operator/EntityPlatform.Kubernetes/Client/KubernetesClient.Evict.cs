using System.Net;
using EntityPlatform.Kubernetes.Errors;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// Evicts a pod through the Eviction API (KubernetesClient's CreateNamespacedPodEviction, POST
    /// pods/NAME/eviction), so PodDisruptionBudgets arbitrate between this and every other voluntary
    /// disruption (node drains). With <paramref name="uid"/>, only that incarnation of the pod is evicted.
    /// Returns false when the pod is already gone; throws <see cref="DisruptionBudgetException"/> when a
    /// budget refuses it now. The 429 is not retried here: the caller's next pass decides on fresh state.
    /// </summary>
    public async Task<bool> EvictAsync(string @namespace, string podName, string? uid = null, CancellationToken cancellation = default)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = podName, NamespaceProperty = @namespace },
            DeleteOptions = uid is null ? null : new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } },
        };
        try
        {
            await Api.CoreV1.CreateNamespacedPodEvictionAsync(eviction, podName, @namespace, cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
        catch (KubernetesApiException refused) when (refused.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new DisruptionBudgetException(refused.Status, refused.Message);
        }
    }
}
