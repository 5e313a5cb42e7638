using System.Net;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>404: the object (or its namespace, or the resource type) does not exist.</summary>
public sealed class NotFoundException(ApiStatus? status, string message)
    : KubernetesApiException(HttpStatusCode.NotFound, status, message);
