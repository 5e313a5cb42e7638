using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Cel;

/// <summary>
/// A compiled rule in a small subset of CEL: integer, string and boolean literals; <c>self</c> and
/// <c>oldSelf</c>; field access; <c>has(x.f)</c> and <c>size(x)</c>; <c>! - * / % + - == != &lt; &lt;= &gt; &gt;= &amp;&amp; ||</c>
/// and parentheses. A rule outside the subset fails when the CRD is registered, so a rule is never
/// silently skipped. Evaluation works on JSON nodes, as the API server's CEL sees unstructured objects.
/// </summary>
public sealed class CelExpression
{
    private readonly CelNode _root;

    private CelExpression(string source, CelNode root)
    {
        Source = source;
        _root = root;
        UsesOldSelf = source.Contains("oldSelf", StringComparison.Ordinal);
    }

    public string Source { get; }

    /// <summary>A transition rule: evaluated only on updates, when the old value exists.</summary>
    public bool UsesOldSelf { get; }

    public static CelExpression Compile(string source) => new(source, new CelParser(source).ParseRule());

    /// <summary>True when the rule holds; throws <see cref="CelException"/> on a runtime error.</summary>
    public bool Evaluate(JsonNode? self, JsonNode? oldSelf) => _root.Evaluate(self, oldSelf) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
        JsonValue value when value.GetValueKind() == JsonValueKind.False => false,
        _ => throw new CelException($"rule '{Source}' did not evaluate to a boolean"),
    };
}
