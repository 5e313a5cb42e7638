namespace EntityPlatform.Operator.Crd;

/// <summary>Bounds of a string field's length; -1 leaves a side open.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(int min, int max = -1) : Attribute
{
    public int Min { get; } = min;

    public int Max { get; } = max;
}
