using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Validation;

/// <summary>
/// One invalid field, worded as the API server words it (field.Error): "spec.replicationFactor:
/// Invalid value: 4: replicationFactor must be odd ...".
/// </summary>
public sealed record FieldError(string Field, string Reason, string Detail)
{
    /// <summary>The detail with the kind of error in front, e.g. "Invalid value: 4: must be odd".</summary>
    public string Message => Detail;

    public override string ToString() => $"{Field}: {Detail}";

    public static FieldError Required(string field) => new(field, "FieldValueRequired", "Required value");

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {Show(value)}: {detail}");

    /// <summary>CEL failures show the value's type, not the value, as the API server does.</summary>
    public static FieldError Rule(string field, JsonNode? value, string message) =>
        new(field, "FieldValueInvalid", $"Invalid value: \"{TypeName(value)}\": {message}");

    public static FieldError Unsupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: {Show(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static string TypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "unknown",
    };

    public static bool IsInteger(JsonValue value) => long.TryParse(value.ToJsonString(), out _);

    private static string Show(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.GetValueKind() != JsonValueKind.String => v.ToJsonString(),
        JsonValue v => v.ToJsonString(),
        _ => $"\"{TypeName(value)}\"",
    };
}
