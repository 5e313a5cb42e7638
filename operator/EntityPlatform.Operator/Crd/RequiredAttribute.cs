namespace EntityPlatform.Operator.Crd;

/// <summary>The field must be present (schema "required").</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
