using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Validation;

/// <summary>The per-node checks of an OpenAPI v3 schema (everything except recursion and CEL).</summary>
internal static class SchemaChecks
{
    public static void Check(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (!TypeMatches(value, schema))
        {
            var expected = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true ? "integer or string" : schema["type"]?.ToString();
            errors.Add(FieldError.Invalid(path, value, $"{path} in body must be of type {expected}: \"{FieldError.TypeName(value)}\""));
            return;
        }
        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add(FieldError.Unsupported(path, value, options.Select(o => o!.ToString())));
        }
        if (value is JsonValue scalar && SchemaValidator.Kind(scalar) == JsonValueKind.Number)
        {
            var number = double.Parse(scalar.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            if (schema["minimum"] is { } min && number < JsonNumbers.AsDouble(min))
            {
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should be greater than or equal to {min}"));
            }
            if (schema["maximum"] is { } max && number > JsonNumbers.AsDouble(max))
            {
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should be less than or equal to {max}"));
            }
        }
        if (value is JsonValue text && SchemaValidator.Kind(text) == JsonValueKind.String)
        {
            CheckString(text.GetValue<string>(), value, schema, path, errors);
        }
        if (value is JsonArray array)
        {
            if (schema["minItems"] is { } minItems && array.Count < JsonNumbers.AsLong(minItems))
            {
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should have at least {minItems} items"));
            }
            if (schema["maxItems"] is { } maxItems && array.Count > JsonNumbers.AsLong(maxItems))
            {
                errors.Add(FieldError.Invalid(path, value, $"{path} in body should have at most {maxItems} items"));
            }
        }
        if (value is JsonObject obj)
        {
            foreach (var name in SchemaValidator.Required(schema).Where(n => !obj.ContainsKey(n)))
            {
                errors.Add(FieldError.Required($"{path}.{name}"));
            }
        }
    }

    private static void CheckString(string text, JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["minLength"] is { } minLength && text.Length < JsonNumbers.AsLong(minLength))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be at least {minLength} chars long"));
        }
        if (schema["maxLength"] is { } maxLength && text.Length > JsonNumbers.AsLong(maxLength))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be at most {maxLength} chars long"));
        }
        if (schema["pattern"] is { } pattern && !SchemaValidator.Matches(pattern.GetValue<string>(), text))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should match '{pattern}'"));
        }
    }

    private static bool TypeMatches(JsonNode? value, JsonObject schema)
    {
        var kind = SchemaValidator.Kind(value);
        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            return kind == JsonValueKind.String || (kind == JsonValueKind.Number && FieldError.IsInteger((JsonValue)value!));
        }
        return schema["type"]?.GetValue<string>() switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && FieldError.IsInteger((JsonValue)value!),
            var other => throw new NotSupportedException($"Schema type '{other}' at {schema}"),
        };
    }
}
