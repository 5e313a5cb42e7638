using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>
/// RFC 6902 JSON patch (<c>application/json-patch+json</c>, <c>kubectl patch --type json</c>): a list of
/// add, remove, replace, move, copy and test operations on JSON pointers (RFC 6901), applied in order,
/// all or nothing. As on a real server, a malformed operation is a 400 and an operation that cannot
/// apply (a missing path, a failed test) a 422; a test on /metadata/resourceVersion makes a patch
/// conditional.
/// </summary>
public static class JsonPatch
{
    /// <summary>Bounds the work one request can ask for.</summary>
    public const int MaxOperations = 10_000;

    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        if (operations.Count > MaxOperations)
        {
            throw ApiError.BadRequest($"a JSON patch may hold at most {MaxOperations} operations, not {operations.Count}");
        }
        var document = target.DeepClone();
        for (var index = 0; index < operations.Count; index++)
        {
            var operation = operations[index] as JsonObject ?? throw ApiError.BadRequest($"JSON patch operation {index} is not an object");
            var op = operation["op"]?.GetValue<string>() ?? throw ApiError.BadRequest($"JSON patch operation {index}: \"op\" is required");
            var path = operation["path"]?.GetValue<string>() ?? throw ApiError.BadRequest($"JSON patch operation {index}: \"path\" is required");
            JsonNode? Value() => operation.TryGetPropertyValue("value", out var value)
                ? value?.DeepClone()
                : throw ApiError.BadRequest($"JSON patch operation {index} ({op} {path}): \"value\" is required");
            string From() => operation["from"]?.GetValue<string>() ?? throw ApiError.BadRequest($"JSON patch operation {index} ({op}): \"from\" is required");
            document = op switch
            {
                "add" => Add(document, path, Value()),
                "remove" => Remove(document, path, out _),
                "replace" => Add(Remove(document, path, out _), path, Value()),
                "move" => MoveFrom(document, From(), path),
                "copy" => Add(document, path, Get(document, From())?.DeepClone()),
                "test" => JsonNode.DeepEquals(Get(document, path), Value())
                    ? document
                    : throw Unprocessable($"testing value {path} failed"),
                _ => throw ApiError.BadRequest($"JSON patch operation {index}: unknown op \"{op}\" (add, remove, replace, move, copy, test)"),
            };
        }
        return document;
    }

    private static JsonNode MoveFrom(JsonNode document, string from, string path)
    {
        var after = Remove(document, from, out var moved);
        return Add(after, path, moved);
    }

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(token, out var child))
            {
                node = child;
            }
            else if (node is JsonArray array && Index(token, array.Count - 1) is { } i)
            {
                node = array[i];
            }
            else
            {
                throw Unprocessable($"path {path} does not exist");
            }
        }
        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var tokens = Tokens(path);
        if (tokens.Count == 0)
        {
            return value ?? throw Unprocessable("the whole document cannot become null");
        }
        var parent = Get(document, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when Index(last, array.Count) is { } i:
                array.Insert(i, value);
                break;
            default:
                throw Unprocessable($"cannot add at {path}: its parent is not an object or array, or the index is out of range");
        }
        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var tokens = Tokens(path);
        if (tokens.Count == 0)
        {
            throw Unprocessable("the whole document cannot be removed");
        }
        var parent = Get(document, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out removed):
                obj.Remove(last);
                return document;
            case JsonArray array when Index(last, array.Count - 1) is { } i:
                removed = array[i];
                array.RemoveAt(i);
                return document;
            default:
                throw Unprocessable($"path {path} does not exist");
        }
    }

    /// <summary>An array index: digits without a leading zero, at most <paramref name="max"/>.</summary>
    private static int? Index(string token, int max) =>
        token.Length > 0 && token.All(char.IsAsciiDigit) && (token == "0" || token[0] != '0') && int.TryParse(token, out var i) && i <= max ? i : null;

    private static List<string> Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }
        if (path[0] != '/')
        {
            throw ApiError.BadRequest($"JSON pointer '{path}' must be empty or start with '/'");
        }
        return [.. path[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static string Pointer(List<string> tokens) =>
        string.Concat(tokens.Select(token => "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    private static ApiError Unprocessable(string message) =>
        new(422, "Invalid", "the server rejected our request due to an error in our request: " + message);
}
