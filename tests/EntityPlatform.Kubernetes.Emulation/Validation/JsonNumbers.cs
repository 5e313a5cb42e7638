using System.Globalization;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Validation;

/// <summary>
/// Numbers of JSON nodes regardless of their backing CLR type (parsed, defaulted or set by code):
/// JsonValue.GetValue&lt;T&gt; only converts parsed values, so go through the JSON text.
/// </summary>
internal static class JsonNumbers
{
    public static double AsDouble(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    public static long AsLong(JsonNode node) => (long)AsDouble(node);
}
