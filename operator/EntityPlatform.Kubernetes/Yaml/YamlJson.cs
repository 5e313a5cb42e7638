using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EntityPlatform.Kubernetes.Yaml;

/// <summary>
/// Reads YAML (kubeconfig, CRDs, samples, apply bodies) into <see cref="JsonNode"/> trees, so everything
/// past the parser is JSON. Plain scalars resolve the YAML 1.2 core way (null, booleans, integers,
/// floats); quoted scalars stay strings. Anchors and tags beyond that are not needed and not supported.
/// </summary>
public static class YamlJson
{
    /// <summary>Every document of a (possibly multi-document) YAML text; empty documents are skipped.</summary>
    public static IReadOnlyList<JsonNode> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }
        var documents = new List<JsonNode>();
        foreach (var document in stream.Documents)
        {
            if (Convert(document.RootNode) is { } node)
            {
                documents.Add(node);
            }
        }
        return documents;
    }

    /// <summary>The single document of a YAML text; fails with a clear message otherwise.</summary>
    public static JsonNode Parse(string yaml)
    {
        var documents = ParseAll(yaml);
        return documents.Count == 1
            ? documents[0]
            : throw new FormatException($"Expected exactly one YAML document, found {documents.Count}.");
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new FormatException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                ?? throw new FormatException($"Only scalar mapping keys are supported, at {key.Start}.");
            if (result.ContainsKey(name))
            {
                throw new FormatException($"Duplicate key '{name}' at {key.Start}.");
            }
            result[name] = Convert(value);
        }
        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
            or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (LooksLikeFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }
        return JsonValue.Create(text);
    }

    // YAML 1.2 floats need a digit and a dot or exponent; "1e3" counts, "Infinity" or "1_000" do not.
    private static bool LooksLikeFloat(string text) =>
        text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')
        && text.IndexOfAny(['.', 'e', 'E']) >= 0;
}
