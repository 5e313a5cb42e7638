namespace EntityPlatform.Node.Security;

/// <summary>
/// One issuer of JWT bearer tokens that the client port accepts (cluster file <c>security.tokens[]</c>): its
/// <c>iss</c> value, the <c>aud</c> tokens must carry, and the PEM public keys (RSA or EC) that sign them.
/// Keys are configured, never fetched: a node makes no outbound call to an identity provider.
/// </summary>
public sealed record TokenIssuer
{
    public required string Issuer { get; init; }

    public required string Audience { get; init; }

    /// <summary>PEM public keys ("BEGIN PUBLIC KEY"); several during a key rotation.</summary>
    public required IReadOnlyList<string> PublicKeys { get; init; }
}
