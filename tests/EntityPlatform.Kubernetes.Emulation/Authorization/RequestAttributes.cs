using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Kubernetes.Emulation.Authorization;

/// <summary>
/// What RBAC decides on, read from a resource request as the API server's request-info resolver reads
/// it: the verb (get, list, watch, create, update, patch, delete), the API group, the resource and
/// subresource, the namespace and the object's name. Null for paths that are not resource requests.
/// </summary>
public sealed record RequestAttributes(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary>"statefulsets/scale" as rules and messages spell it.</summary>
    public string ResourceWithSubresource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public static RequestAttributes? From(HttpRequest request)
    {
        var parts = (request.Path.Value ?? "").Trim('/').Split('/');
        // /api/v1/... or /apis/GROUP/VERSION/...
        var (group, rest) = parts switch
        {
            ["api", _, .. var tail] => ("", tail),
            ["apis", var g, _, .. var tail] => (g, tail),
            _ => ((string?)null, Array.Empty<string>()),
        };
        if (group is null || rest.Length == 0)
        {
            return null;
        }

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var watch = request.Query["watch"] is ["true"] or ["1"];
        var verb = request.Method switch
        {
            "GET" => name is null ? (watch ? "watch" : "list") : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        return new RequestAttributes(verb, group, resource, subresource, ns, name);
    }
}
