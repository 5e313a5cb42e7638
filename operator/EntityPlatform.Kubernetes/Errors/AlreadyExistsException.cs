using System.Net;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>409 with reason AlreadyExists: a create named an object that exists.</summary>
public sealed class AlreadyExistsException(ApiStatus? status, string message)
    : KubernetesApiException(HttpStatusCode.Conflict, status, message);
