using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Yaml;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Kubernetes.Emulation.Http;

/// <summary>Reads a bounded request body as JSON, or as YAML for apply patches.</summary>
internal static class RequestBody
{
    public static async Task<string> ReadTextAsync(HttpContext context, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ApiError(413, "RequestEntityTooLarge", $"the request body is larger than {maxBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context, int maxBytes, bool allowYaml = false)
    {
        var text = await ReadTextAsync(context, maxBytes);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            var node = allowYaml && !text.TrimStart().StartsWith('{') ? YamlJson.Parse(text) : JsonNode.Parse(text);
            return node as JsonObject ?? throw ApiError.BadRequest("the request body must be an object");
        }
        catch (Exception e) when (e is JsonException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw ApiError.BadRequest($"the request body could not be decoded: {e.Message}");
        }
    }

    public static async Task<JsonObject> RequireObjectAsync(HttpContext context, int maxBytes, bool allowYaml = false) =>
        await ReadObjectAsync(context, maxBytes, allowYaml) ?? throw ApiError.BadRequest("the request body is empty");
}
