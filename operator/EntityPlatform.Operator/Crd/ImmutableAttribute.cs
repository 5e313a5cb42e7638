namespace EntityPlatform.Operator.Crd;

/// <summary>The field can be set at creation and never changed: the CEL transition rule self == oldSelf.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ImmutableAttribute(string message) : Attribute
{
    public string Message { get; } = message;
}
