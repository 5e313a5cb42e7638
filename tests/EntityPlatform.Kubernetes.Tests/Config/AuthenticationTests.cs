using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Config;

/// <summary>The client authenticates the way its configuration says, against a server that checks.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task A_401_makes_the_client_reread_a_rotated_token_file_and_retry_once()
    {
        var accepted = "old-token";
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions { AcceptToken = t => t == Volatile.Read(ref accepted) });
        using var folder = new TempDirectory();
        var tokenFile = folder.File("token", "old-token");
        var config = new ClusterConfig { Server = emulator.BaseAddress, Token = new FileTokenSource(tokenFile, TimeSpan.FromHours(1)) };
        using var client = new KubernetesClient(config);
        Assert.Null(await client.GetAsync<V1ConfigMap>("default", "x"));

        folder.File("token", "new-token");
        Volatile.Write(ref accepted, "new-token");

        Assert.Null(await client.GetAsync<V1ConfigMap>("default", "x")); // succeeded after one 401
        Assert.Equal(3, emulator.Requests.Count);
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_error()
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions { AcceptToken = t => t == "right" });
        using var client = new KubernetesClient(emulator.ClientConfig(token: "wrong"));
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync<V1ConfigMap>("default", "x"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Over_TLS_the_cluster_CA_is_trusted_and_the_client_certificate_authenticates()
    {
        using var certificates = new TestCertificates();
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions
        {
            ServerCertificate = certificates.Server,
            AcceptToken = _ => false, // only the client certificate can get in
        });
        using var folder = new TempDirectory();
        folder.File("ca.crt", certificates.CaPem);
        folder.File("client.crt", certificates.ClientPem);
        folder.File("client.key", certificates.ClientKeyPem);
        var kubeconfig = folder.File("config", $"""
            current-context: emulator
            clusters: [{"{"}name: e, cluster: {"{"}server: "{emulator.BaseAddress}", certificate-authority: ca.crt{"}"}{"}"}]
            users: [{"{"}name: op, user: {"{"}client-certificate: client.crt, client-key: client.key{"}"}{"}"}]
            contexts: [{"{"}name: emulator, context: {"{"}cluster: e, user: op, namespace: tls{"}"}{"}"}]
            """);
        using var client = new KubernetesClient(KubeconfigLoader.Load(kubeconfig));

        var created = await client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "over-tls" } });

        Assert.Equal("tls", created.Metadata.NamespaceProperty);
    }

    [Fact]
    public async Task Over_TLS_a_server_certificate_from_another_CA_is_refused()
    {
        using var certificates = new TestCertificates();
        using var otherCa = new TestCertificates();
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions { ServerCertificate = certificates.Server });
        var config = new ClusterConfig { Server = emulator.BaseAddress, CertificateAuthority = [otherCa.Ca] };
        using var client = new KubernetesClient(config, new Http.KubernetesClientOptions { MaxAttempts = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync<V1ConfigMap>("default", "x"));
    }
}
