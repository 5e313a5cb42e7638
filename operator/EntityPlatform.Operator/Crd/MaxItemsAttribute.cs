namespace EntityPlatform.Operator.Crd;

/// <summary>
/// Most items of a list (maxItems) or entries of a map (maxProperties). The API server's CEL cost
/// estimate needs a bound on every list whose items carry rules, and bounded input is our rule anyway.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}
