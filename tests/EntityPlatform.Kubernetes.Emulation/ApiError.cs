using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Validation;

namespace EntityPlatform.Kubernetes.Emulation;

/// <summary>An error answer with a metav1.Status body worded as the API server words it.</summary>
public sealed class ApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = details?.DeepClone(),
        ["code"] = Code,
    };

    private static JsonObject Details(ResourceDefinition def, string name) =>
        new() { ["name"] = name, ["group"] = def.Group, ["kind"] = def.Plural };

    public static ApiError NotFound(ResourceDefinition def, string name) =>
        new(404, "NotFound", $"{def.QualifiedName} \"{name}\" not found", Details(def, name));

    public static ApiError AlreadyExists(ResourceDefinition def, string name) =>
        new(409, "AlreadyExists", $"{def.QualifiedName} \"{name}\" already exists", Details(def, name));

    public static ApiError Conflict(ResourceDefinition def, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {def.QualifiedName} \"{name}\": {detail}", Details(def, name));

    public static ApiError StaleResourceVersion(ResourceDefinition def, string name) =>
        Conflict(def, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiError Invalid(ResourceDefinition def, string name, IReadOnlyList<FieldError> errors)
    {
        var summary = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = def.Group,
            ["kind"] = def.Kind,
            ["causes"] = new JsonArray(errors
                .Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Message, ["field"] = e.Field })
                .ToArray()),
        };
        return new ApiError(422, "Invalid", $"{def.QualifiedKind} \"{name}\" is invalid: {summary}", details);
    }

    public static ApiError Gone(string message) => new(410, "Expired", message);

    /// <summary>
    /// A read from a resourceVersion the server has not seen (its watch cache is behind the one that
    /// served the list, or the client made the version up): apimachinery's NewTooLargeResourceVersionError,
    /// a 504 Timeout with the cause ResourceVersionTooLarge and Retry-After 1.
    /// </summary>
    public static ApiError TooLargeResourceVersion(long requested, long current) => new(504, "Timeout",
        $"Timeout: Too large resource version: {requested}, current: {current}",
        new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiError UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got {contentType})");

    public static ApiError MethodNotSupported(string what) => new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource: {what}");
}
