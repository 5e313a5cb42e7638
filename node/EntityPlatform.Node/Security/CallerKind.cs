namespace EntityPlatform.Node.Security;

/// <summary>How a caller proved who it is.</summary>
public enum CallerKind
{
    /// <summary>A cluster member's certificate (<c>node/{id}</c>).</summary>
    Node,

    /// <summary>An administrator's certificate (<c>admin/{name}</c>): the operator, a local-mode administrator.</summary>
    Admin,

    /// <summary>An application's certificate (<c>client/{name}</c>).</summary>
    ClientCertificate,

    /// <summary>A JWT bearer token from a configured issuer.</summary>
    Token,
}
