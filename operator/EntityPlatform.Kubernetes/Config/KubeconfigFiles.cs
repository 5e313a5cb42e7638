using System.Text;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Errors;

namespace EntityPlatform.Kubernetes.Config;

/// <summary>Inline base64 data wins over a file path, as in kubectl.</summary>
internal sealed class KubeconfigFiles(string baseDirectory)
{
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);

    public string? PemFrom(JsonNode node, string dataField, string fileField, string where)
    {
        if (Text(node[dataField]) is { Length: > 0 } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw new KubernetesConfigException($"{where}.{dataField} must be base64-encoded PEM.");
            }
        }
        if (Text(node[fileField]) is not { Length: > 0 } file)
        {
            return null;
        }
        var path = Resolve(file);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new KubernetesConfigException($"{where}.{fileField}: the file '{path}' does not exist.");
    }

    private static string? Text(JsonNode? node) => node?.ToString();
}
