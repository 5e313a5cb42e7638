namespace EntityPlatform.Operator.Crd;

/// <summary>
/// A CEL validation rule (x-kubernetes-validations) with the message users see when it fails. On a
/// class it applies to the object; on a property, to that field. Keep rules to the subset the API
/// emulation evaluates (comparisons, arithmetic, &amp;&amp;, ||, field access, self and oldSelf).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class RuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;
}
