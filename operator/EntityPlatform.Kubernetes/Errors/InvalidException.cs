using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>422 Invalid: the object broke its schema; <see cref="Fields"/> names the offending fields.</summary>
public sealed class InvalidException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.UnprocessableEntity, status, message)
{
    public IReadOnlyList<string> Fields =>
        Status?.Details?.Causes?.Select(c => c.Field ?? "").Where(f => f.Length > 0).ToList() ?? [];
}
