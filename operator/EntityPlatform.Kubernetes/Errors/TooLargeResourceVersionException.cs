using System.Net;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// 504 "Timeout: Too large resource version" (cause ResourceVersionTooLarge): a watch or list asked for a
/// resourceVersion the answering server has not seen yet, typically because another API server, further
/// ahead, served the list it came from. The server waited briefly already; the recovery is a fresh list
/// (client-go's reflector does the same), never a retry of the same version, which may never come.
/// Raised for the HTTP status and for an ERROR event inside a watch stream alike.
/// </summary>
public sealed class TooLargeResourceVersionException(V1Status? status, string message)
    : KubernetesApiException(HttpStatusCode.GatewayTimeout, status, message)
{
    public const string CauseType = "ResourceVersionTooLarge";

    /// <summary>The server's signs: the cause type, or (older servers) only the message.</summary>
    public static bool Matches(HttpStatusCode statusCode, V1Status? status) =>
        statusCode == HttpStatusCode.GatewayTimeout
        && (status?.Details?.Causes?.Any(cause => cause.Reason == CauseType) == true
            || status?.Message?.Contains("Too large resource version", StringComparison.Ordinal) == true);
}
