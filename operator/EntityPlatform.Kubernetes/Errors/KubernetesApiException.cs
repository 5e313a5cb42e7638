using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Errors;

/// <summary>
/// The API server answered with an error. <see cref="Status"/> is its metav1.Status body when it sent
/// one; the message repeats the server's words, which already name the object and the field.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, V1Status? status, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    public V1Status? Status { get; }

    /// <summary>The server's machine-readable reason ("Conflict", "AlreadyExists", "Invalid", ...).</summary>
    public string? Reason => Status?.Reason;

    /// <summary>
    /// Maps what KubernetesClient raises onto our types: <see cref="HttpOperationException"/> (an error
    /// answer, with the body as text) and <see cref="KubernetesException"/> (a watch's ERROR event, with
    /// its Status). Anything else is not an API answer and is returned as is. Error answers normally
    /// never reach the library (our handler maps them first); this covers every other path.
    /// </summary>
    public static Exception Translate(Exception error, string operation) => error switch
    {
        KubernetesApiException => error,
        HttpOperationException http when http.Response is { } response =>
            From(response.StatusCode, ParseStatus(response.Content), operation),
        KubernetesException { Status: { } status } => From((HttpStatusCode)(status.Code ?? 500), status, operation),
        _ => error,
    };

    /// <summary>A Status body, or null when the text is not one (a proxy's HTML page, say).</summary>
    public static V1Status? ParseStatus(string? body)
    {
        try
        {
            return string.IsNullOrEmpty(body) ? null : KubernetesJson.Deserialize<V1Status>(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Maps a response to the most specific exception type, so callers catch what they handle.</summary>
    public static KubernetesApiException From(HttpStatusCode statusCode, V1Status? status, string operation)
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
