using System.Text;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Config;

public sealed class KubeconfigTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example.com:6443
            insecure-skip-tls-verify: true
        - name: prod-cluster
          cluster:
            server: https://prod.example.com
        contexts:
        - name: dev
          context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
        - name: prod
          context: {cluster: prod-cluster, user: prod-user}
        users:
        - name: dev-user
          user: {token: dev-token}
        - name: prod-user
          user: {tokenFile: tokens/prod}
        """;

    [Fact]
    public void The_current_context_picks_cluster_user_and_namespace()
    {
        var config = KubeconfigLoader.Parse(TwoContexts, "/nowhere");
        Assert.Equal(new Uri("https://dev.example.com:6443"), config.Server);
        Assert.True(config.InsecureSkipTlsVerify);
        Assert.Equal("dev-token", config.Token!.GetToken());
        Assert.Equal("team-a", config.Namespace);
        Assert.Null(config.CertificateAuthority);
    }

    [Fact]
    public void An_explicit_context_wins_and_a_relative_tokenFile_resolves_next_to_the_kubeconfig()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "tokens"));
        folder.File("tokens/prod", "prod-token\n");
        var path = folder.File("config", TwoContexts);

        var config = KubeconfigLoader.Load(path, context: "prod");

        Assert.Equal(new Uri("https://prod.example.com"), config.Server);
        Assert.Equal("prod-token", config.Token!.GetToken());
        Assert.Equal("default", config.Namespace);
    }

    [Fact]
    public void Inline_CA_and_client_certificate_data_are_loaded()
    {
        using var certificates = new TestCertificates();
        var yaml = $"""
            current-context: c
            clusters: [{"{"}name: k, cluster: {"{"}server: "https://127.0.0.1:6443", certificate-authority-data: {Base64(certificates.CaPem)}{"}"}{"}"}]
            users: [{"{"}name: u, user: {"{"}client-certificate-data: {Base64(certificates.ClientPem)}, client-key-data: {Base64(certificates.ClientKeyPem)}{"}"}{"}"}]
            contexts: [{"{"}name: c, context: {"{"}cluster: k, user: u{"}"}{"}"}]
            """;

        var config = KubeconfigLoader.Parse(yaml, "/nowhere");

        Assert.Equal(certificates.Ca.Thumbprint, Assert.Single(config.CertificateAuthority!).Thumbprint);
        Assert.True(config.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=entityplatform-operator", config.ClientCertificate.Subject);
        Assert.Null(config.Token);
    }

    [Theory]
    [InlineData("current-context: missing\ncontexts: []", "no entry named 'missing' in contexts")]
    [InlineData("contexts: []", "no current-context")]
    [InlineData("current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nclusters: [{name: k, cluster: {server: https://x}}]\nusers: [{name: u, user: {exec: {command: aws}}}]",
        "users[u].user.exec is not supported")]
    [InlineData("current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\nclusters: [{name: k, cluster: {}}]",
        "clusters[k].cluster.server is required")]
    [InlineData("current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nclusters: [{name: k, cluster: {server: https://x}}]\nusers: [{name: u, user: {client-certificate-data: eA==}}]",
        "needs both the certificate and its key")]
    public void A_broken_kubeconfig_fails_with_a_message_naming_the_field(string yaml, string expected)
    {
        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Parse(yaml, "/nowhere"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_path_is_the_first_KUBECONFIG_entry_then_home()
    {
        var fromEnv = KubeconfigLoader.DefaultPath(name => name == "KUBECONFIG" ? "/a/config:/b/config" : null);
        var fromHome = KubeconfigLoader.DefaultPath(name => name == "HOME" ? "/home/op" : null);
        Assert.Equal("/a/config", fromEnv);
        Assert.Equal("/home/op/.kube/config", fromHome);
    }
}
