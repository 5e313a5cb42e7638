namespace EntityPlatform.Operator.Crd;

/// <summary>Enables the scale subresource (<c>kubectl scale</c>, autoscalers) over the given paths.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ScaleSubresourceAttribute(string specReplicasPath, string statusReplicasPath, string labelSelectorPath) : Attribute
{
    public string SpecReplicasPath { get; } = specReplicasPath;

    public string StatusReplicasPath { get; } = statusReplicasPath;

    public string LabelSelectorPath { get; } = labelSelectorPath;
}
