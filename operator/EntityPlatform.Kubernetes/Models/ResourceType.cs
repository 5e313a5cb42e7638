using System.Text;

namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// Where a kind lives in the API: the group ("" for the core group), version, plural and kind, and
/// whether it is namespaced. It builds the REST paths: <c>/api/v1/...</c> for the core group and
/// <c>/apis/{group}/{version}/...</c> for the others.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The list path; <paramref name="namespace"/> null means across all namespaces.</summary>
    public string CollectionPath(string? @namespace)
    {
        var path = new StringBuilder(Group.Length == 0 ? "/api/" : $"/apis/{Group}/");
        path.Append(Version);
        if (Namespaced && @namespace is not null)
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        }
        return path.Append('/').Append(Plural).ToString();
    }

    /// <summary>The path of one object, or of one of its subresources (status, scale).</summary>
    public string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        if (Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Kind} is namespaced: a namespace is required for '{name}'.", nameof(@namespace));
        }
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{Kind}: metadata.name is required.", nameof(name));
        }
        var path = CollectionPath(@namespace) + "/" + Uri.EscapeDataString(name);
        return subresource is null ? path : path + "/" + subresource;
    }
}
