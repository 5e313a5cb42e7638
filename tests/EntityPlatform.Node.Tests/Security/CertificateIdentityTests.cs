using System.Net;
using EntityPlatform.Node.Security;
using EntityPlatform.Node.Tests.Support;

namespace EntityPlatform.Node.Tests.Security;

public sealed class CertificateIdentityTests
{
    private static readonly ManualTimeProvider Time = new();

    [Theory]
    [InlineData(PeerRole.Node, "7")]
    [InlineData(PeerRole.Admin, "operator")]
    [InlineData(PeerRole.Client, "billing-app")]
    public void An_issued_certificate_reads_back_as_the_identity_it_was_issued_for(PeerRole role, string name)
    {
        using var ca = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), Time);
        var identity = role switch
        {
            PeerRole.Node => CertificateIdentity.ForNode(ulong.Parse(name)),
            PeerRole.Admin => CertificateIdentity.ForAdmin(name),
            _ => CertificateIdentity.ForClient(name),
        };

        var issued = ca.Issue(identity, TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]);

        Assert.True(CertificateIdentity.TryRead(issued.Certificate, "orders.local", out var read, out var error), error);
        Assert.Equal(identity, read);
    }

    [Fact]
    public void A_certificate_of_another_trust_domain_is_refused_and_the_error_names_both_domains()
    {
        using var ca = DevelopmentCertificateAuthority.Create("payments.local", TimeSpan.FromDays(30), Time);
        var issued = ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1));

        Assert.False(CertificateIdentity.TryRead(issued.Certificate, "orders.local", out var read, out var error));
        Assert.Null(read);
        Assert.Contains("payments.local", error);
        Assert.Contains("orders.local", error);
    }

    [Fact]
    public void A_certificate_without_an_identity_uri_is_refused()
    {
        using var ca = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), Time);
        // The CA's own certificate carries no SAN at all.
        Assert.False(CertificateIdentity.TryRead(ca.Root, "orders.local", out _, out var error));
        Assert.Contains("no spiffe:// identity", error);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("")]
    [InlineData("a/b")]
    public void Invalid_identity_names_are_refused_with_the_expected_form(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => CertificateIdentity.ForClient(name));
        Assert.Contains("[a-z0-9.-]", error.Message);
    }
}
