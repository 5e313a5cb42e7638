using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>409 with reason AlreadyExists: a create named an object that exists.</summary>
public sealed class AlreadyExistsException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.Conflict, status, message);
