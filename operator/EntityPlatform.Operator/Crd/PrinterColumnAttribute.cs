namespace EntityPlatform.Operator.Crd;

/// <summary>A column of <c>kubectl get</c>; the order of the attributes is the order of the columns.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(int order, string name, string type, string jsonPath, string description) : Attribute
{
    public int Order { get; } = order;

    public string Name { get; } = name;

    /// <summary>"string", "integer", "number", "boolean" or "date".</summary>
    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string Description { get; } = description;
}
