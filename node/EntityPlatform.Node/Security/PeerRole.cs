namespace EntityPlatform.Node.Security;

/// <summary>What a certificate lets its holder do; read from the certificate's URI name (see <see cref="CertificateIdentity"/>).</summary>
public enum PeerRole
{
    /// <summary>A cluster member: may open Raft streams and install snapshots, as the node id it names.</summary>
    Node,

    /// <summary>The operator or a local-mode administrator: may call the admin API.</summary>
    Admin,

    /// <summary>An application: may call the client API, within the access its name is granted.</summary>
    Client,
}
