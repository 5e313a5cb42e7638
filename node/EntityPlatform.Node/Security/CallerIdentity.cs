namespace EntityPlatform.Node.Security;

/// <summary>
/// Who made a call, once authenticated: a certificate's identity or a token's subject and roles. Carries no
/// credential, so it may be logged. <see cref="NodeId"/> is set for <see cref="CallerKind.Node"/> only.
/// </summary>
public sealed record CallerIdentity(CallerKind Kind, string Name, ulong NodeId, IReadOnlyList<string> Roles)
{
    public static CallerIdentity FromCertificate(CertificateIdentity identity) => identity.Role switch
    {
        PeerRole.Node => new(CallerKind.Node, identity.Name, identity.NodeId, []),
        PeerRole.Admin => new(CallerKind.Admin, identity.Name, 0, []),
        PeerRole.Client => new(CallerKind.ClientCertificate, identity.Name, 0, []),
        _ => throw new InvariantViolationException($"unknown role {identity.Role}"),
    };

    public static CallerIdentity FromToken(string subject, IReadOnlyList<string> roles) => new(CallerKind.Token, subject, 0, roles);

    public override string ToString() => Kind switch
    {
        CallerKind.Node => $"node/{Name}",
        CallerKind.Admin => $"admin/{Name}",
        CallerKind.ClientCertificate => $"client/{Name}",
        _ => $"token subject '{Name}'",
    };
}
