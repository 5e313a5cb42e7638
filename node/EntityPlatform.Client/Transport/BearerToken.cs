namespace EntityPlatform.Client.Transport;

/// <summary>An access token for the cluster's client port (a JWT) and when it stops being valid.</summary>
public readonly record struct BearerToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>Never the token itself: tokens must not reach logs.</summary>
    public override string ToString() => $"bearer token expiring at {ExpiresAt:O}";
}
