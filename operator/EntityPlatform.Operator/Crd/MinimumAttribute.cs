namespace EntityPlatform.Operator.Crd;

/// <summary>Smallest allowed value of an integer field (inclusive).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
