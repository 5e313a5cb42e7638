namespace EntityPlatform;

/// <summary>Thrown when an internal invariant does not hold: always a bug, never bad input.</summary>
public sealed class InvariantViolationException(string message)
    : Exception("Invariant violated: " + message);
