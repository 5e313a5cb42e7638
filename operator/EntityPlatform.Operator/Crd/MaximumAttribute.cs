namespace EntityPlatform.Operator.Crd;

/// <summary>Largest allowed value of an integer field (inclusive).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
