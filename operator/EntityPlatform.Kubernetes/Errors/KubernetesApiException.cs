using System.Net;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// The API server answered with an error. <see cref="Status"/> is its metav1.Status body when it sent
/// one; the message repeats the server's words, which already name the object and the field.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, ApiStatus? status, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    public ApiStatus? Status { get; }

    /// <summary>The server's machine-readable reason ("Conflict", "AlreadyExists", "Invalid", ...).</summary>
    public string? Reason => Status?.Reason;

    /// <summary>Maps a response to the most specific exception type, so callers catch what they handle.</summary>
    public static KubernetesApiException From(HttpStatusCode statusCode, ApiStatus? status, string operation)
    {
        var message = $"{operation}: {(int)statusCode} {status?.Reason ?? statusCode.ToString()}: {status?.Message ?? "(no Status body)"}";
        return statusCode switch
        {
            HttpStatusCode.Conflict when status?.Reason == "AlreadyExists" => new AlreadyExistsException(status, message),
            HttpStatusCode.Conflict => new ConflictException(status, message),
            HttpStatusCode.NotFound => new NotFoundException(status, message),
            HttpStatusCode.Gone => new GoneException(status, message),
            HttpStatusCode.UnprocessableEntity => new InvalidException(status, message),
            HttpStatusCode.GatewayTimeout when TooLargeResourceVersionException.Matches(statusCode, status) => new TooLargeResourceVersionException(status, message),
            _ => new KubernetesApiException(statusCode, status, message),
        };
    }
}
