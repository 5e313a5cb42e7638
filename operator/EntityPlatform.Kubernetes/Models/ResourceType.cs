using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// Where a kind lives in the API: the group ("" for the core group), version, plural and kind, and
/// whether it is namespaced. It is read from the model's <see cref="KubernetesEntityAttribute"/> (every
/// KubernetesClient model carries one, and so does our EntityType), so a call such as
/// <c>client.GetAsync&lt;V1StatefulSet&gt;(ns, name)</c> cannot name the wrong path.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    /// <summary>The cluster-scoped kinds the operator may read; every other kind it touches is namespaced.</summary>
    private static readonly HashSet<string> ClusterScopedKinds = ["Node", "Namespace", "PersistentVolume", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PriorityClass"];

    private static readonly ConcurrentDictionary<Type, ResourceType> Cache = new();

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The resource of a model type; a type without <see cref="KubernetesEntityAttribute"/> is a programming error.</summary>
    public static ResourceType Of<T>() => Of(typeof(T));

    public static ResourceType Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var entity = t.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{t.Name} has no [KubernetesEntity] attribute, so its API path is unknown.", nameof(type));
        if (string.IsNullOrEmpty(entity.PluralName) || string.IsNullOrEmpty(entity.Kind) || string.IsNullOrEmpty(entity.ApiVersion))
        {
            throw new ArgumentException($"{t.Name}'s [KubernetesEntity] must name Kind, ApiVersion and PluralName.", nameof(type));
        }
        return new ResourceType(entity.Group ?? "", entity.ApiVersion, entity.PluralName, entity.Kind, !ClusterScopedKinds.Contains(entity.Kind));
    });

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
