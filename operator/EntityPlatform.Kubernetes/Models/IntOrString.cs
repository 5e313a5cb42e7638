using System.Text.Json.Serialization;
using EntityPlatform.Kubernetes.Serialization;

namespace EntityPlatform.Kubernetes.Models;

/// <summary>intstr.IntOrString, e.g. a PDB's maxUnavailable (1 or "25%") or a Service targetPort.</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int? number, string? text)
    {
        Number = number;
        Text = text;
    }

    public int? Number { get; }

    public string? Text { get; }

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(null, value);

    public static implicit operator IntOrString(int value) => FromInt(value);

    public static implicit operator IntOrString(string value) => FromString(value);

    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Text ?? "";
}
