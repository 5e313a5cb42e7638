using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EntityPlatform.Kubernetes.Emulation.Cel;

namespace EntityPlatform.Kubernetes.Emulation.Validation;

/// <summary>
/// Applies a CRD's structural OpenAPI v3 schema the way the API server does, in its order: prune
/// unknown fields and nulls, fill in defaults, then validate (types, required, enum, minimum, maximum,
/// lengths, pattern, items, additionalProperties, int-or-string) and evaluate x-kubernetes-validations
/// CEL rules, transition rules (oldSelf) only on updates. The rules are compiled up front, so a rule
/// outside the emulated CEL subset fails when the CRD is registered, never silently later.
/// </summary>
public sealed class SchemaValidator
{
    private static readonly HashSet<string> RootFields = ["apiVersion", "kind", "metadata"];
    private readonly JsonObject _schema;
    private readonly Dictionary<string, CelExpression> _rules = [];

    public SchemaValidator(JsonObject openApiV3Schema)
    {
        _schema = openApiV3Schema;
        CompileRules(_schema);
    }

    /// <summary>Prunes and defaults <paramref name="obj"/> in place, then returns every field error.</summary>
    public IReadOnlyList<FieldError> Admit(JsonObject obj, JsonObject? old)
    {
        Prune(obj, _schema, root: true);
        Default(obj, _schema);
        var errors = new List<FieldError>();
        foreach (var (name, property) in Properties(_schema))
        {
            if (!RootFields.Contains(name) && obj.TryGetPropertyValue(name, out var value))
            {
                Validate(value, old?[name], property, name, errors);
            }
            else if (!RootFields.Contains(name) && Required(_schema).Contains(name))
            {
                errors.Add(FieldError.Required(name));
            }
        }
        // Rules at the root see the whole object, metadata.name included (a real server reports them at "<nil>").
        EvaluateRules(obj, old, _schema, "<nil>", errors);
        return errors;
    }

    private void CompileRules(JsonObject schema)
    {
        foreach (var rule in Rules(schema))
        {
            var source = rule["rule"]?.GetValue<string>() ?? throw new CelException("x-kubernetes-validations entry without a rule");
            _rules.TryAdd(source, CelExpression.Compile(source));
        }
        foreach (var (_, child) in Children(schema))
        {
            CompileRules(child);
        }
    }

    private static void Prune(JsonNode? node, JsonObject schema, bool root = false)
    {
        if (node is JsonObject obj && schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
        {
            var properties = schema["properties"] as JsonObject;
            var additional = schema["additionalProperties"] as JsonObject;
            foreach (var (name, value) in obj.ToList())
            {
                if (root && RootFields.Contains(name))
                {
                    continue; // apiVersion, kind and metadata belong to the API server, not the schema
                }
                var known = properties?[name] as JsonObject ?? additional;
                if ((value is null && known?["nullable"]?.GetValue<bool>() != true) || known is null)
                {
                    obj.Remove(name); // unknown fields and nulls are dropped, as for structural schemas
                }
                else if (known is not null)
                {
                    Prune(value, known);
                }
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            foreach (var item in array)
            {
                Prune(item, items);
            }
        }
    }

    private static void Default(JsonNode? node, JsonObject schema)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, property) in Properties(schema))
            {
                if (!obj.ContainsKey(name) && property["default"] is { } value)
                {
                    obj[name] = value.DeepClone();
                }
                if (obj[name] is { } child)
                {
                    Default(child, property);
                }
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            foreach (var item in array)
            {
                Default(item, items);
            }
        }
    }

    private void Validate(JsonNode? value, JsonNode? old, JsonObject schema, string path, List<FieldError> errors)
    {
        var before = errors.Count;
        SchemaChecks.Check(value, schema, path, errors);
        if (errors.Count > before)
        {
            return; // rules assume a well-typed value, as the API server's CEL does
        }
        foreach (var (name, property) in Properties(schema))
        {
            if (value is JsonObject obj && obj.TryGetPropertyValue(name, out var child))
            {
                Validate(child, (old as JsonObject)?[name], property, $"{path}.{name}", errors);
            }
        }
        if (value is JsonObject map && schema["additionalProperties"] is JsonObject additional)
        {
            foreach (var (key, child) in map)
            {
                Validate(child, (old as JsonObject)?[key], additional, $"{path}[{key}]", errors);
            }
        }
        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], null, items, $"{path}[{i}]", errors);
            }
        }
        EvaluateRules(value, old, schema, path, errors);
    }

    private void EvaluateRules(JsonNode? value, JsonNode? old, JsonObject schema, string path, List<FieldError> errors)
    {
        foreach (var rule in Rules(schema))
        {
            var expression = _rules[rule["rule"]!.GetValue<string>()];
            if (expression.UsesOldSelf && old is null)
            {
                continue; // transition rules only judge changes
            }
            var message = rule["message"]?.GetValue<string>() ?? $"failed rule: {expression.Source}";
            try
            {
                if (!expression.Evaluate(value, old))
                {
                    errors.Add(FieldError.Rule(path, value, message));
                }
            }
            catch (CelException e)
            {
                errors.Add(FieldError.Invalid(path, null, $"rule '{expression.Source}' failed: {e.Message}"));
            }
        }
    }

    internal static IEnumerable<(string Name, JsonObject Schema)> Properties(JsonObject schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, (JsonObject)p.Value!));

    internal static HashSet<string> Required(JsonObject schema) =>
        (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet();

    private static IEnumerable<JsonObject> Rules(JsonObject schema) =>
        (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>();

    private static IEnumerable<(string Name, JsonObject Schema)> Children(JsonObject schema)
    {
        foreach (var property in Properties(schema))
        {
            yield return property;
        }
        if (schema["items"] is JsonObject items)
        {
            yield return ("items", items);
        }
        if (schema["additionalProperties"] is JsonObject additional)
        {
            yield return ("additionalProperties", additional);
        }
    }

    internal static bool Matches(string pattern, string text) =>
        Regex.IsMatch(text, pattern, RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));

    internal static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;
}
