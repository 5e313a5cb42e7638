namespace EntityPlatform.Operator.Crd;

/// <summary>An ECMA-262 regular expression a string field must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}
