using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace EntityPlatform.Node.Security;

/// <summary>
/// TLS on one listening port: the server certificate from a <see cref="ReloadingCertificateSource"/> (picked
/// per handshake, so rotation needs no restart) and, when <see cref="RequireClientCertificate"/>, mutual TLS
/// where the client's certificate must chain to the same source's CA bundle. What a verified certificate
/// may do is decided later, per call, from its <see cref="CertificateIdentity"/>.
/// </summary>
public sealed record ServerTls(ReloadingCertificateSource Certificates, bool RequireClientCertificate, TimeProvider Time)
{
    public void ApplyTo(ListenOptions listen)
    {
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => Certificates.Certificate,
            ClientCertificateMode = RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate,
            // Replaces the platform's chain check: ours trusts the cluster's CA only, at the injected time.
            ClientCertificateValidation = (certificate, chain, _) =>
                Certificates.Trust.Validate(certificate, Time.GetUtcNow(), chain?.ChainPolicy.ExtraStore) is null,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }
}
