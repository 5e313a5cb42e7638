using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Controller;

/// <summary>
/// Maps a change of an owned object (or of a pod, which the StatefulSet owns) to the EntityType key to
/// reconcile: by the entity-type label when the object is still cached, otherwise (it was deleted) by
/// the naming convention, NAME, NAME-peers, NAME-placement or NAME-N. Pure.
/// </summary>
public static class OwnerMapper
{
    public static IEnumerable<ObjectKey> Candidates(ObjectKey changed, IKubernetesObject<V1ObjectMeta>? cached)
    {
        if (cached?.Metadata?.Labels?.ValueOrDefault(ObjectNames.EntityTypeLabel) is { Length: > 0 } owner)
        {
            yield return new ObjectKey(changed.Namespace, owner);
            yield break;
        }

        var name = changed.Name;
        yield return changed;
        foreach (var suffix in new[] { "-peers", "-placement" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                yield return changed with { Name = name[..^suffix.Length] };
            }
        }

        var dash = name.LastIndexOf('-');
        if (dash > 0 && int.TryParse(name.AsSpan(dash + 1), out _))
        {
            yield return changed with { Name = name[..dash] };
        }
    }
}
