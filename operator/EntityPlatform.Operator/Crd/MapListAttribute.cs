namespace EntityPlatform.Operator.Crd;

/// <summary>
/// A list whose items are identified by key fields (x-kubernetes-list-type: map), as status conditions
/// are by "type"; server-side apply then merges items by key instead of replacing the list.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MapListAttribute(params string[] keys) : Attribute
{
    public string[] Keys { get; } = keys;
}
