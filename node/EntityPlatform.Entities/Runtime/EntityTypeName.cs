using System.Text.RegularExpressions;

namespace EntityPlatform.Entities.Runtime;

/// <summary>Entity type names appear in URLs, metrics and Kubernetes objects, so they follow DNS-label rules.</summary>
public static partial class EntityTypeName
{
    public const int MaxLength = 63;

    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !Pattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"Entity type name '{name}' is invalid; expected 1-{MaxLength} lowercase letters, digits or '-', starting with a letter.",
                nameof(name));
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Pattern();
}
