using System.Security.Cryptography;
using System.Text;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// The node pod template. The node id is the pod ordinal + 1, which the node derives from its hostname
/// (NAME-N, <c>--node-id-from-hostname</c>), because Kubernetes cannot do arithmetic on the pod-index
/// label. The image must have the node host on its PATH as <c>entityplatform-node</c> (the sample
/// binary's <c>run</c> command); it needs no shell.
/// </summary>
public static class PodTemplateBuilder
{
    public const string NodeCommand = "entityplatform-node";
    public const string DefaultTopologyKey = "topology.kubernetes.io/zone";
    public const string HostnameKey = "kubernetes.io/hostname";

    /// <summary>The non-root user and group the node runs as (the sample image's "app" user, 1654 in .NET images).</summary>
    public const long NodeUser = 1654;

    /// <summary>Requests when spec.resources names none: the scheduler must reserve something for a Raft node.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultRequests = new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "512Mi" };

    public static V1PodTemplateSpec Build(EntityType type)
    {
        var spec = type.Spec;
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = ObjectNames.Labels(type) },
            Spec = new V1PodSpec
            {
                // Long enough for SIGTERM's drain of leaderships; the operator drains before deleting anyway.
                TerminationGracePeriodSeconds = 60,
                // Pod Security "restricted": the node needs no Kubernetes API access, so no token is mounted,
                // and it runs as a non-root user with the runtime's default seccomp profile.
                AutomountServiceAccountToken = false,
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = NodeUser,
                    RunAsGroup = NodeUser,
                    FsGroup = NodeUser,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
                Containers = [NodeContainer(type)],
                Volumes =
                [
                    new V1Volume { Name = "placement", ConfigMap = new V1ConfigMapVolumeSource { Name = ObjectNames.PlacementConfigMap(type) } },
                    // The root filesystem is read-only; .NET and the node write temporary files here only.
                    new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("256Mi") } },
                ],
                // Hard across hosts: two pods on one machine would put two replicas of a shard behind one
                // failure. Best effort across zones (spec.topologySpreadKey): a cluster may have fewer zones.
                TopologySpreadConstraints =
                [
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = HostnameKey,
                        WhenUnsatisfiable = "DoNotSchedule",
                        LabelSelector = new V1LabelSelector { MatchLabels = ObjectNames.Selector(type) },
                    },
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = type.Spec.TopologySpreadKey ?? DefaultTopologyKey,
                        WhenUnsatisfiable = "ScheduleAnyway",
                        LabelSelector = new V1LabelSelector { MatchLabels = ObjectNames.Selector(type) },
                    },
                ],
                // Copied as written; the operator reads none of them.
                NodeSelector = spec.NodeSelector is { Count: > 0 } ? Sorted(spec.NodeSelector) : null,
                Tolerations = spec.Tolerations?.Select(t => new V1Toleration
                {
                    Key = t.Key, OperatorProperty = t.Operator, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds,
                }).ToList(),
                Affinity = spec.Affinity is null ? null : KubernetesJson.Deserialize<V1Affinity>(KubernetesJson.Serialize(spec.Affinity)),
                ImagePullSecrets = spec.ImagePullSecrets?.Select(s => new V1LocalObjectReference { Name = s.Name }).ToList(),
                PriorityClassName = spec.PriorityClassName,
            },
        };
        // The Raft timings live in the mounted cluster file, which a node reads only at start: carrying them
        // here makes a spec.raft change a template change, which the rolling update rolls out.
        var raft = type.Spec.RaftOrDefaults();
        // The user's pod annotations first; the operator's own keys (entityplatform.io/, refused in the
        // spec by SpecValidator) are written last, so they always win.
        template.Metadata.Annotations = spec.PodAnnotations is null ? [] : Sorted(spec.PodAnnotations);
        template.Metadata.Annotations[ObjectNames.RaftTimingsAnnotation] = $"tickMs={raft.TickMs},electionTicks={raft.ElectionTicks},heartbeatTicks={raft.HeartbeatTicks}";
        // Event retention is in the cluster file too, read at start: the same way, a change rolls the pods.
        if (spec.Events?.Retention is { } retention)
        {
            template.Metadata.Annotations[ObjectNames.EventsRetentionAnnotation] = $"maxAge={retention.MaxAge ?? "none"},maxBytes={retention.MaxBytes ?? "none"}";
        }

        template.Metadata.Annotations[ObjectNames.TemplateHashAnnotation] = Hash(template);
        return template;
    }

    /// <summary>Ten hex digits of SHA-256 over the template: a pod whose annotation differs is outdated.</summary>
    public static string Hash(V1PodTemplateSpec template)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template)));
        return Convert.ToHexStringLower(bytes)[..10];
    }

    private static V1Container NodeContainer(EntityType type) => new()
    {
        Name = "node",
        Image = type.Spec.Image,
        // No shell: the node reads its id from the pod's hostname (NAME-N: N + 1), so the image needs no /bin/sh.
        Command = [NodeCommand],
        Args =
        [
            "run", "--node-id-from-hostname", "--data", ObjectNames.DataPath,
            "--cluster", $"{ObjectNames.ConfigPath}/{ObjectNames.PlacementKey}",
            "--grpc-port", $"{ObjectNames.GrpcPort}", "--internal-port", $"{ObjectNames.InternalPort}", "--http-port", $"{ObjectNames.HttpPort}",
            // --bind 0.0.0.0: peers, the client Service and the kubelet's probes reach the node on the pod IP
            // (the node's default, 127.0.0.1, is for local mode).
            "--bind", "0.0.0.0",
            // --auto-rejoin: a pod whose volume is empty in a founded cluster (a lost PVC) rejoins, neither voting
            // nor campaigning until caught up, instead of founding its groups again (issue 12, item 11).
            "--auto-rejoin",
        ],
        Ports =
        [
            new V1ContainerPort { Name = "grpc", ContainerPort = ObjectNames.GrpcPort, Protocol = "TCP" },
            new V1ContainerPort { Name = "internal", ContainerPort = ObjectNames.InternalPort, Protocol = "TCP" },
            new V1ContainerPort { Name = "http", ContainerPort = ObjectNames.HttpPort, Protocol = "TCP" },
        ],
        Env = type.Spec.Env?.Select(Env).ToList(),
        Resources = Resources(type.Spec.Resources),
        SecurityContext = new V1SecurityContext
        {
            AllowPrivilegeEscalation = false,
            ReadOnlyRootFilesystem = true,
            RunAsNonRoot = true,
            Capabilities = new V1Capabilities { Drop = ["ALL"] },
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        },
        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = "http" }, PeriodSeconds = 2, FailureThreshold = 3 },
        LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 10, FailureThreshold = 6 },
        VolumeMounts =
        [
            new V1VolumeMount { Name = "data", MountPath = ObjectNames.DataPath },
            new V1VolumeMount { Name = "placement", MountPath = ObjectNames.ConfigPath, ReadOnlyProperty = true },
            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
        ],
    };

    /// <summary>In key order (as the API server serializes maps), so the template hash does not depend on how the user ordered them.</summary>
    private static Dictionary<string, string> Sorted(Dictionary<string, string> map) =>
        map.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>The spec's requests over <see cref="DefaultRequests"/> (a key set in the spec wins), and its limits as written.</summary>
    private static V1ResourceRequirements Resources(ComputeResources? resources)
    {
        var requests = DefaultRequests.ToDictionary(pair => pair.Key, pair => new ResourceQuantity(pair.Value));
        foreach (var (name, quantity) in resources?.Requests ?? [])
        {
            requests[name] = new ResourceQuantity(quantity.Value);
        }
        return new V1ResourceRequirements
        {
            Requests = requests.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(),
            Limits = resources?.Limits?.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => new ResourceQuantity(pair.Value.Value)),
        };
    }

    private static V1EnvVar Env(EnvironmentVariable variable) => new()
    {
        Name = variable.Name,
        Value = variable.Value,
        ValueFrom = variable.ValueFrom is not { } from ? null : new V1EnvVarSource
        {
            SecretKeyRef = from.SecretKeyRef is { } secret ? new V1SecretKeySelector { Name = secret.Name, Key = secret.Key, Optional = secret.Optional } : null,
            ConfigMapKeyRef = from.ConfigMapKeyRef is { } map ? new V1ConfigMapKeySelector { Name = map.Name, Key = map.Key, Optional = map.Optional } : null,
            FieldRef = from.FieldRef is { } field ? new V1ObjectFieldSelector { FieldPath = field.FieldPath } : null,
        },
    };
}
