using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using k8s;

namespace EntityPlatform.Operator.Crd;

/// <summary>
/// Builds an OpenAPI v3 structural schema from a C# type: property names as System.Text.Json writes
/// them (camelCase), types from the CLR type, and validation from the attributes in this folder.
/// Unsupported CLR types fail the generation with the property's name, never silently.
/// </summary>
public static class SchemaBuilder
{
    public static JsonObject ForType(Type type, int depth = 0)
    {
        if (depth > 16)
        {
            throw new InvalidOperationException($"Schema of {type.Name} nests deeper than 16 levels; is it recursive?");
        }
        if (Primitive(type) is { } primitive)
        {
            return primitive;
        }
        if (KnownSchemas.For(type) is { } known)
        {
            return known;
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(valueType, depth + 1) };
        }
        if (ListItemType(type) is { } itemType)
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForType(itemType, depth + 1) };
        }
        if (!type.IsClass)
        {
            throw new NotSupportedException($"The CRD generator does not map the type {type.FullName}.");
        }
        return ForObject(type, depth);
    }

    private static JsonObject ForObject(Type type, int depth)
    {
        var schema = new JsonObject();
        if (type.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Description;
        }
        schema["type"] = "object";
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (typeof(IKubernetesObject).IsAssignableFrom(type) && property.Name is "ApiVersion" or "Kind" or "Metadata")
            {
                continue; // the API server's own fields: CrdGenerator adds them to the root schema
            }
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            properties[name] = ForProperty(property, depth);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }
        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }
        AddRules(schema, type.GetCustomAttributes<RuleAttribute>().Select(r => (r.Rule, r.Message)));
        return schema;
    }

    private static JsonObject ForProperty(PropertyInfo property, int depth)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        JsonObject typeSchema;
        try
        {
            typeSchema = ForType(type, depth + 1);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{property.DeclaringType?.Name}.{property.Name}: {e.Message}", e);
        }
        // Field descriptions come first so the YAML reads like documentation.
        var schema = new JsonObject();
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Description;
        }
        foreach (var (key, value) in typeSchema.ToList())
        {
            if (key != "description" || !schema.ContainsKey("description"))
            {
                typeSchema.Remove(key);
                schema[key] = value;
            }
        }
        AddValidation(schema, property);
        return schema;
    }

    private static void AddValidation(JsonObject schema, PropertyInfo property)
    {
        if (property.GetCustomAttribute<DefaultAttribute>() is { } @default)
        {
            schema["default"] = JsonValue.Create(@default.Value);
        }
        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema["minimum"] = minimum.Value;
        }
        if (property.GetCustomAttribute<MaximumAttribute>() is { } maximum)
        {
            schema["maximum"] = maximum.Value;
        }
        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            schema["minLength"] = length.Min;
            if (length.Max >= 0)
            {
                schema["maxLength"] = length.Max;
            }
        }
        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            // On a map the pattern is its values' (nodeSelector values, resource quantities).
            var target = schema["additionalProperties"] as JsonObject ?? schema;
            target["pattern"] = pattern.Regex;
        }
        if (property.GetCustomAttribute<MaxItemsAttribute>() is { } maxItems)
        {
            schema[schema.ContainsKey("additionalProperties") ? "maxProperties" : "maxItems"] = maxItems.Value;
        }
        if (property.GetCustomAttribute<MapListAttribute>() is { } mapList)
        {
            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray(mapList.Keys.Select(k => (JsonNode)k).ToArray());
        }
        var rules = property.GetCustomAttributes<RuleAttribute>().Select(r => (r.Rule, r.Message)).ToList();
        if (property.GetCustomAttribute<ImmutableAttribute>() is { } immutable)
        {
            rules.Insert(0, ("self == oldSelf", immutable.Message));
        }
        AddRules(schema, rules);
    }

    private static void AddRules(JsonObject schema, IEnumerable<(string Rule, string Message)> rules)
    {
        var validations = new JsonArray(rules
            .Select(r => (JsonNode)new JsonObject { ["rule"] = r.Rule, ["message"] = r.Message })
            .ToArray());
        if (validations.Count > 0)
        {
            schema["x-kubernetes-validations"] = validations;
        }
    }

    private static JsonObject? Primitive(Type type)
    {
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }
        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }
        if (type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        if (type == typeof(JsonObject))
        {
            // Passed through unread (affinity terms): the API server validates them in the pod template.
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }
        if (type == typeof(IntOrString))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["x-kubernetes-int-or-string"] = true,
            };
        }
        if (type.IsEnum)
        {
            var values = Enum.GetNames(type).Select(n => (JsonNode)JsonNamingPolicy.CamelCase.ConvertName(n)).ToArray();
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values) };
        }
        return null;
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
}
