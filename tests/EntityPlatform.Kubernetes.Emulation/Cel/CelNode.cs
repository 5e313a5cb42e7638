using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Cel;

/// <summary>A node of a compiled rule; Evaluate returns a JSON value (numbers are long).</summary>
internal abstract record CelNode
{
    public abstract JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf);

    internal sealed record Literal(JsonNode? Value) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) => Value?.DeepClone();
    }

    internal sealed record Variable(bool Old) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) => Old ? oldSelf : self;
    }

    internal sealed record Member(CelNode Target, string Name) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) =>
            Target.Evaluate(self, oldSelf) is JsonObject obj && obj.TryGetPropertyValue(Name, out var value)
                ? value
                : throw new CelException($"no such key: {Name}");
    }

    internal sealed record Has(CelNode Target, string Name) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) =>
            JsonValue.Create(Target.Evaluate(self, oldSelf) is JsonObject obj && obj.ContainsKey(Name));
    }

    internal sealed record Size(CelNode Target) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) => Target.Evaluate(self, oldSelf) switch
        {
            JsonArray array => JsonValue.Create((long)array.Count),
            JsonObject obj => JsonValue.Create((long)obj.Count),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create((long)value.GetValue<string>().Length),
            _ => throw new CelException("size() needs a list, map or string"),
        };
    }

    internal sealed record Matches(CelNode Target, System.Text.RegularExpressions.Regex Pattern) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) =>
            Target.Evaluate(self, oldSelf) is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? JsonValue.Create(Pattern.IsMatch(value.GetValue<string>()))
                : throw new CelException("matches() needs a string");
    }

    internal sealed record Not(CelNode Operand) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf) =>
            JsonValue.Create(!Bool(Operand.Evaluate(self, oldSelf)));
    }

    internal sealed record Binary(string Operator, CelNode Left, CelNode Right) : CelNode
    {
        public override JsonNode? Evaluate(JsonNode? self, JsonNode? oldSelf)
        {
            // && and || short-circuit, as in CEL, so "has(self.x) && self.x > 0" is safe.
            if (Operator is "&&" or "||")
            {
                var left = Bool(Left.Evaluate(self, oldSelf));
                if (Operator == "&&" ? !left : left)
                {
                    return JsonValue.Create(left);
                }
                return JsonValue.Create(Bool(Right.Evaluate(self, oldSelf)));
            }
            var a = Left.Evaluate(self, oldSelf);
            var b = Right.Evaluate(self, oldSelf);
            return Operator switch
            {
                "==" => JsonValue.Create(JsonNode.DeepEquals(a, b)),
                "!=" => JsonValue.Create(!JsonNode.DeepEquals(a, b)),
                "<" => JsonValue.Create(Long(a) < Long(b)),
                "<=" => JsonValue.Create(Long(a) <= Long(b)),
                ">" => JsonValue.Create(Long(a) > Long(b)),
                ">=" => JsonValue.Create(Long(a) >= Long(b)),
                "+" => JsonValue.Create(Long(a) + Long(b)),
                "-" => JsonValue.Create(Long(a) - Long(b)),
                "*" => JsonValue.Create(Long(a) * Long(b)),
                "/" => JsonValue.Create(Long(b) == 0 ? throw new CelException("division by zero") : Long(a) / Long(b)),
                "%" => JsonValue.Create(Long(b) == 0 ? throw new CelException("modulus by zero") : Long(a) % Long(b)),
                _ => throw new CelException($"unsupported operator {Operator}"),
            };
        }
    }

    private static bool Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? value.GetValue<bool>()
        : throw new CelException("expected a bool");

    // Parsed, defaulted and computed numbers are backed by different CLR types; their JSON text is not.
    private static long Long(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new CelException("expected an int");
}
