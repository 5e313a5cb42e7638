using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// 410 Gone ("too old resource version"): the server no longer holds the history a watch or a list
/// continuation asked for. The only recovery is a fresh list. Raised for the HTTP status and for an
/// ERROR event with code 410 inside a watch stream alike.
/// </summary>
public sealed class GoneException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.Gone, status, message);
