namespace EntityPlatform.Operator.Crd;

/// <summary>Marks the root type of a custom resource and names it in the API.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CustomResourceAttribute(string group, string version, string kind, string plural) : Attribute
{
    public string Group { get; } = group;

    public string Version { get; } = version;

    public string Kind { get; } = kind;

    public string Plural { get; } = plural;

    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];
}
