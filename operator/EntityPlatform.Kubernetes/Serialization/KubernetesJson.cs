using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntityPlatform.Kubernetes.Serialization;

/// <summary>
/// The one set of JSON options for the API: camelCase names, nulls left out (so a merge patch or an
/// apply body only carries the fields a caller set), RFC 3339 times, and unknown fields tolerated
/// (newer servers add fields; a model keeps only what the operator reads).
/// </summary>
public static class KubernetesJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Expected a {typeof(T).Name} but the JSON was null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null, // label keys and resource names are data, never renamed
            MaxDepth = 64,
        };
        options.Converters.Add(new TimeConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
