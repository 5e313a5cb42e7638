namespace EntityPlatform.Node.Security;

/// <summary>
/// The cluster file's <c>security</c> section, the same for every node: the trust domain that names the
/// cluster in certificate identities, the token issuers the client port accepts, and the access rules.
/// The TLS material itself is per node and lives in files (<c>--tls-dir</c>), never in the cluster file.
/// </summary>
public sealed record ClusterSecurity
{
    /// <summary>The host part of every identity URI, e.g. <c>spiffe://orders.entityplatform.local/node/1</c>.</summary>
    public required string TrustDomain { get; init; }

    /// <summary>JWT issuers whose bearer tokens the client port accepts; none: client certificates only.</summary>
    public IReadOnlyList<TokenIssuer>? Tokens { get; init; }

    /// <summary>Per entity type and action grants; null: every authenticated caller may do everything.</summary>
    public IReadOnlyList<AccessRule>? Access { get; init; }

    /// <summary>Checks every field, naming it and what was expected.</summary>
    public void Validate(IReadOnlyCollection<string> entityTypes)
    {
        if (string.IsNullOrWhiteSpace(TrustDomain) || Uri.CheckHostName(TrustDomain) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"security.trustDomain is '{TrustDomain}'; expected a DNS name such as 'orders.entityplatform.local'");
        }

        for (var i = 0; i < (Tokens?.Count ?? 0); i++)
        {
            var issuer = Tokens![i];
            if (issuer is null || string.IsNullOrWhiteSpace(issuer.Issuer))
            {
                throw new ArgumentException($"security.tokens[{i}].issuer is empty; expected the tokens' iss value, such as 'https://login.example.com'");
            }

            if (string.IsNullOrWhiteSpace(issuer.Audience))
            {
                throw new ArgumentException($"security.tokens[{i}].audience is empty; expected the aud value tokens for this cluster carry");
            }

            if (issuer.PublicKeys is null || issuer.PublicKeys.Count == 0)
            {
                throw new ArgumentException($"security.tokens[{i}].publicKeys is empty; expected one or more PEM public keys (BEGIN PUBLIC KEY)");
            }

            for (var k = 0; k < issuer.PublicKeys.Count; k++)
            {
                _ = TokenKeys.Parse(issuer.PublicKeys[k], $"security.tokens[{i}].publicKeys[{k}]");
            }
        }

        _ = AccessPolicy.FromRules(Access, entityTypes);
    }
}
