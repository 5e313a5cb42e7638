namespace EntityPlatform.Operator.Crd;

/// <summary>The API server fills in this value when the field is left out (structural defaulting).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}
