using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Kubernetes.Tests.Support;

/// <summary>An emulated API server with the EntityType CRD registered, and a client for it.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string Namespace = "tests";

    private TestCluster(KubernetesEmulator emulator, KubernetesClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public KubernetesEmulator Emulator { get; }

    public KubernetesClient Client { get; }

    public static async Task<TestCluster> StartAsync(EmulatorOptions? options = null, KubernetesClientOptions? clientOptions = null)
    {
        var emulator = await KubernetesEmulator.StartAsync(options ?? new EmulatorOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        emulator.RegisterCustomResource(CrdGenerator.GenerateYaml(typeof(EntityType)));
        var client = new KubernetesClient(emulator.ClientConfig(Namespace), clientOptions ?? new KubernetesClientOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        return new TestCluster(emulator, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
