namespace EntityPlatform.Operator.Api;

/// <summary>
/// The API server's own formats, as patterns for the CRD, so a bad pod-template field is refused when
/// the EntityType is written (naming the field) instead of when the operator writes the StatefulSet.
/// </summary>
public static class KubernetesPatterns
{
    /// <summary>resource.Quantity's format (apimachinery's quantity regex): 500m, 1Gi, 1.5, 2e3.</summary>
    public const string Quantity = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    /// <summary>A label value: empty, or at most 63 alphanumerics, '-', '_', '.', starting and ending alphanumeric.</summary>
    public const string LabelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

    /// <summary>A DNS-1123 subdomain (Secret and PriorityClass names); the length (253) is a separate bound.</summary>
    public const string Dns1123Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>A qualified name with an optional DNS prefix (label and taint keys, annotation keys).</summary>
    public const string QualifiedName = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

    /// <summary>An environment variable name as the API server accepts it (any printable run without '=' is not enough: it must be a C-ish identifier with '-' and '.').</summary>
    public const string EnvVarName = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

    /// <summary>A Secret or ConfigMap key: alphanumerics, '-', '_' and '.'.</summary>
    public const string ConfigMapKey = "^[-._a-zA-Z0-9]+$";

    /// <summary>The pod fields an environment variable's fieldRef may name (the API server's list for env).</summary>
    public const string EnvFieldPath = "^(metadata\\.(name|namespace|uid)|metadata\\.(labels|annotations)\\['[^']+'\\]|spec\\.(nodeName|serviceAccountName)|status\\.(hostIP|hostIPs|podIP|podIPs))$";
}
