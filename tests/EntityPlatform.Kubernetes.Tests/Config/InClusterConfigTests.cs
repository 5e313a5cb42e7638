using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Config;

public sealed class InClusterConfigTests
{
    private static Func<string, string?> Env(string host, string port = "443") =>
        name => name switch { "KUBERNETES_SERVICE_HOST" => host, "KUBERNETES_SERVICE_PORT" => port, _ => null };

    private static TempDirectory ServiceAccount(TestCertificates certificates, string token = "token-1")
    {
        var folder = new TempDirectory();
        folder.File("token", token);
        folder.File("ca.crt", certificates.CaPem);
        folder.File("namespace", "entityplatform-system\n");
        return folder;
    }

    [Fact]
    public void The_mounted_service_account_gives_server_CA_token_and_namespace()
    {
        using var certificates = new TestCertificates();
        using var account = ServiceAccount(certificates);

        var config = InClusterConfigLoader.Load(Env("127.0.96.1"), account.Path);

        Assert.Equal(new Uri("https://127.0.96.1:443"), config.Server);
        Assert.Equal(certificates.Ca.Thumbprint, Assert.Single(config.CertificateAuthority!).Thumbprint);
        Assert.Equal("token-1", config.Token!.GetToken());
        Assert.Equal("entityplatform-system", config.Namespace);
        Assert.False(config.InsecureSkipTlsVerify);
        Assert.True(InClusterConfigLoader.IsInCluster(Env("127.0.96.1"), account.Path));
    }

    [Fact]
    public void An_IPv6_service_host_is_bracketed()
    {
        using var certificates = new TestCertificates();
        using var account = ServiceAccount(certificates);
        Assert.Equal("https://[fd00::1]:6443/", InClusterConfigLoader.Load(Env("fd00::1", "6443"), account.Path).Server.ToString());
    }

    [Fact]
    public void A_rotated_token_is_picked_up_once_the_refresh_interval_passes()
    {
        using var certificates = new TestCertificates();
        using var account = ServiceAccount(certificates, "token-1");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var token = InClusterConfigLoader.Load(Env("127.0.96.1"), account.Path, clock).Token!;
        Assert.Equal("token-1", token.GetToken());

        account.File("token", "token-2");
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("token-1", token.GetToken()); // cached: no file read per request
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("token-2", token.GetToken());
    }

    [Fact]
    public void Outside_a_cluster_the_error_names_the_missing_variables()
    {
        var error = Assert.Throws<KubernetesConfigException>(() => InClusterConfigLoader.Load(_ => null, "/nowhere"));
        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
        Assert.False(InClusterConfigLoader.IsInCluster(_ => null, "/nowhere"));
    }

    [Fact]
    public void A_bad_port_is_named()
    {
        var error = Assert.Throws<KubernetesConfigException>(() => InClusterConfigLoader.Load(Env("127.0.0.2", "http"), "/nowhere"));
        Assert.Contains("KUBERNETES_SERVICE_PORT", error.Message, StringComparison.Ordinal);
    }
}
