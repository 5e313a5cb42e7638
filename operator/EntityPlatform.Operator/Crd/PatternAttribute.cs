namespace EntityPlatform.Operator.Crd;

/// <summary>An ECMA-262 regular expression a string field must match; on a map, each value must.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}
