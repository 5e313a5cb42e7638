using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Emulation.Authorization;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Crd;
using EntityPlatform.Operator.Host;
using EntityPlatform.Operator.Reconcile;

namespace EntityPlatform.Operator.Tests.Support;

/// <summary>The API emulation with the EntityType CRD, a client, a fake node admin and the reconciler wired as the host wires it.</summary>
public sealed class OperatorCluster : IAsyncDisposable
{
    public const string Namespace = "tests";

    /// <summary>The bearer token of the operator's ServiceAccount; the emulator authorizes it against the chart's rendered RBAC.</summary>
    public const string OperatorToken = "operator-service-account-token";

    private OperatorCluster(KubernetesEmulator emulator, KubernetesClient client, KubernetesClient operatorClient)
    {
        Emulator = emulator;
        Client = client;
        OperatorClient = operatorClient;
        Reconciler = OperatorComponents.Reconciler(operatorClient, Admin, Addresses, TimeProvider.System, "test");
    }

    public KubernetesEmulator Emulator { get; }

    /// <summary>A cluster admin: the test acting as a user, or as the StatefulSet controller and kubelet.</summary>
    public KubernetesClient Client { get; }

    /// <summary>The operator's ServiceAccount, with exactly the rights the chart grants it; a denied request is a 403.</summary>
    public KubernetesClient OperatorClient { get; }

    public FakeNodeAdmin Admin { get; } = new();

    public PortAddresses Addresses { get; } = new();

    public EntityTypeReconciler Reconciler { get; }

    public static async Task<OperatorCluster> StartAsync()
    {
        var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        emulator.RegisterCustomResource(CrdGenerator.GenerateYaml(typeof(EntityType)));
        // The chart's default install into the namespace the tests use: a Role there, least privilege.
        await OperatorChart.RestrictAsync(emulator, OperatorToken, SourceTree.Root, Namespace);
        return new OperatorCluster(emulator, NewClient(emulator, token: null), NewClient(emulator, OperatorToken));
    }

    private static KubernetesClient NewClient(KubernetesEmulator emulator, string? token) =>
        new(emulator.ClientConfig(Namespace, token), new KubernetesClientOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

    public static EntityType Counter(string name = "counter", int shards = 4, int nodes = 3) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new EntityTypeSpec { Image = "registry.example.com/counter:1.0.0", Shards = shards, Nodes = nodes, ReplicationFactor = 3 },
    };

    public Task<EntityType> GetAsync(string name = "counter") => Client.GetAsync<EntityType>(Namespace, name)!;

    public Task<ReconcileResult> ReconcileAsync(string name = "counter") =>
        Reconciler.ReconcileAsync(new Kubernetes.Watching.ObjectKey(Namespace, name), CancellationToken.None);

    /// <summary>Plays the StatefulSet controller: pods 0..replicas-1 exist, carry the template, and are ready; pods above go.</summary>
    /// <param name="notReady">Pods created now that never get ready (a crash-looping image).</param>
    /// <param name="machineOf">The Node (spec.nodeName) each ordinal is scheduled to; none when null.</param>
    public async Task SyncPodsAsync(string name = "counter", string? hash = null, IReadOnlySet<string>? notReady = null, Func<int, string>? machineOf = null)
    {
        var set = await Client.GetAsync<V1StatefulSet>(Namespace, name) ?? throw new InvalidOperationException("no StatefulSet");
        var replicas = set.Spec.Replicas ?? 0;
        var pods = (await Client.ListAsync<V1Pod>(Namespace, new ListOptions { LabelSelector = $"{ObjectNames.EntityTypeLabel}={name}" })).Items;
        foreach (var pod in pods.Where(pod => int.Parse(pod.Metadata.Name![(name.Length + 1)..]) >= replicas))
        {
            await Client.DeleteAsync<V1Pod>(Namespace, pod.Metadata.Name!);
        }

        for (var ordinal = 0; ordinal < replicas; ordinal++)
        {
            if (pods.Any(pod => pod.Metadata.Name == $"{name}-{ordinal}"))
            {
                continue;
            }

            var created = await Client.CreateAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta
                {
                    Name = $"{name}-{ordinal}", NamespaceProperty = Namespace, Labels = set.Spec.Template.Metadata.Labels,
                    Annotations = hash is null ? set.Spec.Template.Metadata.Annotations : new Dictionary<string, string> { [ObjectNames.TemplateHashAnnotation] = hash },
                },
                Spec = machineOf is null ? set.Spec.Template.Spec : WithNode(set.Spec.Template.Spec, machineOf(ordinal)),
            });
            var ready = notReady?.Contains(created.Metadata.Name!) == true ? "False" : "True";
            created.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready }] };
            await Client.UpdateStatusAsync(created);
        }
    }

    private static V1PodSpec WithNode(V1PodSpec template, string node)
    {
        var spec = k8s.KubernetesJson.Deserialize<V1PodSpec>(k8s.KubernetesJson.Serialize(template))!;
        spec.NodeName = node;
        return spec;
    }

    /// <summary>A fresh reconciler over the same cluster and nodes, as after an operator restart.</summary>
    public sealed class Restarted(OperatorCluster cluster)
    {
        public EntityTypeReconciler Reconciler { get; } = OperatorComponents.Reconciler(cluster.OperatorClient, cluster.Admin, cluster.Addresses, TimeProvider.System, "restarted");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        OperatorClient.Dispose();
        await Emulator.DisposeAsync();
    }
}
