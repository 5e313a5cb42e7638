using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Yaml;

/// <summary>
/// Writes a <see cref="JsonNode"/> tree as block-style YAML with two-space indents, keeping key order.
/// Output is deterministic (the CRD drift test compares it byte for byte). Strings are quoted only when
/// a plain scalar would read back as something else (a number, a boolean, null) or would not parse.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode node)
    {
        var output = new StringBuilder();
        WriteNode(output, node, indent: 0, inSequence: false);
        return output.ToString();
    }

    private static void WriteNode(StringBuilder output, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    // The first key of a mapping inside a sequence item sits on the "- " line.
                    if (!(first && inSequence))
                    {
                        output.Append(' ', indent);
                    }
                    first = false;
                    output.Append(Scalar(key)).Append(':');
                    WriteChild(output, value, indent);
                }
                break;
            case JsonArray array when array.Count > 0:
                var firstItem = true;
                foreach (var item in array)
                {
                    if (!(firstItem && inSequence))
                    {
                        output.Append(' ', indent);
                    }
                    firstItem = false;
                    output.Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteNode(output, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        output.Append(Inline(item)).Append('\n');
                    }
                }
                break;
            default:
                output.Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder output, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                output.Append('\n');
                WriteNode(output, value, indent + 2, inSequence: false);
                break;
            case JsonArray { Count: > 0 }:
                // Sequences under a key are not indented further, as kubectl writes them.
                output.Append('\n');
                WriteNode(output, value, indent, inSequence: false);
                break;
            default:
                output.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False =>
            value.GetValue<bool>() ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text) => NeedsQuotes(text) ? Quote(text) : text;

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || text != text.Trim())
        {
            return true;
        }
        // Anything YamlJson would read back as a non-string must be quoted to stay a string.
        if (!ReadsBackAsSameString(text))
        {
            return true;
        }
        return "-?:,[]{}#&*!|>'\"%@`".Contains(text[0]) || text.Contains(": ") || text.Contains(" #")
            || text.Contains('\n') || text.EndsWith(':');
    }

    private static bool ReadsBackAsSameString(string text)
    {
        try
        {
            return YamlJson.Parse("k: " + text) is JsonObject parsed && parsed["k"] is JsonValue value
                && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == text;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return false;
        }
    }

    // JSON string escaping is valid YAML double-quoted escaping; the relaxed encoder keeps text readable.
    private static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
