using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// 429 from the eviction subresource: evicting the pod now would violate a PodDisruptionBudget (for
/// example, a node drain holds the budget). The caller tries again later; nothing was deleted.
/// </summary>
public sealed class DisruptionBudgetException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.TooManyRequests, status, message);
