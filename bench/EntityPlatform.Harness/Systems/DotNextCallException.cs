namespace EntityPlatform.Harness.Systems;

/// <summary>A DotNext peer call that failed; <see cref="MayHaveApplied"/> is false only when no member could have applied it.</summary>
public sealed class DotNextCallException(string message, bool mayHaveApplied) : Exception(message)
{
    public bool MayHaveApplied { get; } = mayHaveApplied;
}
