namespace EntityPlatform.Kubernetes.Emulation.Cel;

/// <summary>A rule outside the supported CEL subset (at load time) or a runtime error (no such key).</summary>
public sealed class CelException(string message) : Exception(message);
