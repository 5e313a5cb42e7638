namespace EntityPlatform.Kubernetes.Config;

/// <summary>A fixed token, as written inline in a kubeconfig user.</summary>
public sealed class StaticTokenSource(string token) : ITokenSource
{
    public string GetToken() => token;

    public void Invalidate()
    {
        // Nothing to re-read: a fixed token that the server rejects stays rejected.
    }
}
