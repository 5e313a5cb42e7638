using System.Net;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// 429 from the eviction subresource: evicting the pod now would violate a PodDisruptionBudget (for
/// example, a node drain holds the budget). The caller tries again later; nothing was deleted.
/// </summary>
public sealed class DisruptionBudgetException(ApiStatus? status, string message)
    : KubernetesApiException(HttpStatusCode.TooManyRequests, status, message);
