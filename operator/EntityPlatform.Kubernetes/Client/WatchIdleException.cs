namespace EntityPlatform.Kubernetes.Client;

/// <summary>A watch sent nothing, not even a bookmark, for longer than its idle timeout.</summary>
public sealed class WatchIdleException(TimeSpan idleTimeout)
    : TimeoutException($"The watch sent nothing for {idleTimeout.TotalSeconds:0.#} s; treating it as dead.");
