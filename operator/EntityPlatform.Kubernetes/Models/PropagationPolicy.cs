namespace EntityPlatform.Kubernetes.Models;

/// <summary>How a delete treats the object's dependents (objects whose owner references name it).</summary>
public enum PropagationPolicy
{
    /// <summary>Delete the owner now; the garbage collector deletes dependents afterwards.</summary>
    Background,

    /// <summary>Keep the owner (with a deletionTimestamp) until its blocking dependents are gone.</summary>
    Foreground,

    /// <summary>Delete the owner and strip its owner references from the dependents, which stay.</summary>
    Orphan,
}
