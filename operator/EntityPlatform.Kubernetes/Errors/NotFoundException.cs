using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>404: the object (or its namespace, or the resource type) does not exist.</summary>
public sealed class NotFoundException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.NotFound, status, message);
