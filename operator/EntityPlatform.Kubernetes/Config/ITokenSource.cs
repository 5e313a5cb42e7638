namespace EntityPlatform.Kubernetes.Config;

/// <summary>
/// Supplies the bearer token for each request. It is asked on every request (not once) because
/// projected service-account tokens rotate while the process runs.
/// </summary>
public interface ITokenSource
{
    string GetToken();

    /// <summary>The server said 401: drop any cached token so the next call reads a fresh one.</summary>
    void Invalidate();
}
