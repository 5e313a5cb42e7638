using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// 409 Conflict: the update carried a stale resourceVersion (someone wrote in between), or a
/// server-side apply would take fields another manager owns. Re-read and try again; a level-triggered
/// reconcile does exactly that on its next pass.
/// </summary>
public sealed class ConflictException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.Conflict, status, message);
