using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Node.Security;

/// <summary>
/// Who a certificate speaks for. The identity is one URI in the subject alternative names, in the SPIFFE
/// style: <c>spiffe://{trust domain}/node/{id}</c>, <c>spiffe://{trust domain}/admin/{name}</c> or
/// <c>spiffe://{trust domain}/client/{name}</c>. The trust domain names the cluster, so a certificate issued
/// for another cluster by the same CA is still refused. Common names are never read: they are free text.
/// </summary>
public sealed record CertificateIdentity(PeerRole Role, string Name, ulong NodeId)
{
    private const string Scheme = "spiffe";

    public static CertificateIdentity ForNode(ulong nodeId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nodeId);
        return new(PeerRole.Node, nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture), nodeId);
    }

    public static CertificateIdentity ForAdmin(string name) => new(PeerRole.Admin, CheckName(name), 0);

    public static CertificateIdentity ForClient(string name) => new(PeerRole.Client, CheckName(name), 0);

    /// <summary>The URI that names this identity in a certificate of <paramref name="trustDomain"/>.</summary>
    public Uri ToUri(string trustDomain) => new($"{Scheme}://{CheckTrustDomain(trustDomain)}/{RoleSegment(Role)}/{Name}");

    /// <summary>
    /// Reads the one identity URI of <paramref name="trustDomain"/> from <paramref name="certificate"/>; false
    /// with a reason when there is none, more than one, or it is malformed.
    /// </summary>
    public static bool TryRead(X509Certificate2 certificate, string trustDomain, out CertificateIdentity? identity, out string error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        CheckTrustDomain(trustDomain);
        identity = null;
        var names = SubjectAlternativeUris.Read(certificate)
            .Where(uri => uri.StartsWith($"{Scheme}://", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (names.Count == 0)
        {
            error = $"certificate '{certificate.Subject}' carries no {Scheme}:// identity URI";
            return false;
        }

        if (names.Count > 1)
        {
            error = $"certificate '{certificate.Subject}' carries {names.Count} {Scheme}:// identity URIs; expected exactly one";
            return false;
        }

        if (!Uri.TryCreate(names[0], UriKind.Absolute, out var uri) || !string.Equals(uri.Host, trustDomain, StringComparison.OrdinalIgnoreCase))
        {
            error = $"certificate identity '{names[0]}' is not of trust domain '{trustDomain}'";
            return false;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 2 || segments[1].Length == 0)
        {
            error = $"certificate identity '{names[0]}': expected {Scheme}://{trustDomain}/<node|admin|client>/<name>";
            return false;
        }

        switch (segments[0])
        {
            case "node" when ulong.TryParse(segments[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var nodeId) && nodeId > 0:
                identity = ForNode(nodeId);
                break;
            case "node":
                error = $"certificate identity '{names[0]}': a node identity ends with a node id > 0";
                return false;
            case "admin" when IsValidName(segments[1]):
                identity = ForAdmin(segments[1]);
                break;
            case "client" when IsValidName(segments[1]):
                identity = ForClient(segments[1]);
                break;
            default:
                error = $"certificate identity '{names[0]}': expected a role of node, admin or client and a name of [a-z0-9.-]";
                return false;
        }

        error = "";
        return true;
    }

    public override string ToString() => $"{RoleSegment(Role)}/{Name}";

    private static string RoleSegment(PeerRole role) => role switch
    {
        PeerRole.Node => "node",
        PeerRole.Admin => "admin",
        PeerRole.Client => "client",
        _ => throw new InvariantViolationException($"unknown role {role}"),
    };

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.');

    private static string CheckName(string name) => IsValidName(name)
        ? name
        : throw new ArgumentException($"identity name '{name}': expected 1-63 characters of [a-z0-9.-]", nameof(name));

    internal static string CheckTrustDomain(string trustDomain) =>
        Uri.CheckHostName(trustDomain) == UriHostNameType.Dns
            ? trustDomain
            : throw new ArgumentException($"trust domain '{trustDomain}': expected a DNS name such as 'orders.entityplatform.local'", nameof(trustDomain));
}
