using System.Security.Cryptography;
using System.Text;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Kubernetes.Serialization;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// The node pod template. The node id is the pod ordinal + 1, derived in a shell from the hostname
/// (NAME-N), because Kubernetes cannot do arithmetic on the pod-index label. The image must have the
/// node host on its PATH as <c>entityplatform-node</c> (the sample binary's <c>run</c> command).
/// </summary>
public static class PodTemplateBuilder
{
    public const string NodeCommand = "entityplatform-node";
    public const string DefaultTopologyKey = "topology.kubernetes.io/zone";
    public const string HostnameKey = "kubernetes.io/hostname";

    public static PodTemplateSpec Build(EntityType type)
    {
        var spec = type.Spec;
        var template = new PodTemplateSpec
        {
            Metadata = new ObjectMeta { Labels = ObjectNames.Labels(type) },
            Spec = new PodSpec
            {
                // Long enough for SIGTERM's drain of leaderships; the operator drains before deleting anyway.
                TerminationGracePeriodSeconds = 60,
                Containers = [NodeContainer(type)],
                Volumes = [new Volume { Name = "placement", ConfigMap = new ConfigMapVolumeSource { Name = ObjectNames.PlacementConfigMap(type) } }],
                // Hard across hosts: two pods on one machine would put two replicas of a shard behind one
                // failure. Best effort across zones (spec.topologySpreadKey): a cluster may have fewer zones.
                TopologySpreadConstraints =
                [
                    new TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = HostnameKey,
                        WhenUnsatisfiable = "DoNotSchedule",
                        LabelSelector = new LabelSelector { MatchLabels = ObjectNames.Selector(type) },
                    },
                    new TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = type.Spec.TopologySpreadKey ?? DefaultTopologyKey,
                        WhenUnsatisfiable = "ScheduleAnyway",
                        LabelSelector = new LabelSelector { MatchLabels = ObjectNames.Selector(type) },
                    },
                ],
                // Copied as written; the operator reads none of them.
                NodeSelector = spec.NodeSelector is { Count: > 0 } ? Sorted(spec.NodeSelector) : null,
                Tolerations = spec.Tolerations?.Select(t => new Toleration
                {
                    Key = t.Key, Operator = t.Operator, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds,
                }).ToList(),
                Affinity = spec.Affinity,
                ImagePullSecrets = spec.ImagePullSecrets?.Select(s => new LocalObjectReference { Name = s.Name }).ToList(),
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
    public static string Hash(PodTemplateSpec template)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template)));
        return Convert.ToHexStringLower(bytes)[..10];
    }

    private static Container NodeContainer(EntityType type) => new()
    {
        Name = "node",
        Image = type.Spec.Image,
        Command = ["/bin/sh", "-c"],
        Args =
        [
            $"exec {NodeCommand} run --node-id $(( ${{HOSTNAME##*-}} + 1 )) --data {ObjectNames.DataPath} " +
            // --bind 0.0.0.0: peers, the client Service and the kubelet's probes reach the node on the pod IP
            // (the node's default, 127.0.0.1, is for local mode).
            // --auto-rejoin: a pod whose volume is empty in a founded cluster (a lost PVC) rejoins, neither voting
            // nor campaigning until caught up, instead of founding its groups again (issue 12, item 11).
            $"--cluster {ObjectNames.ConfigPath}/{ObjectNames.PlacementKey} --grpc-port {ObjectNames.GrpcPort} --internal-port {ObjectNames.InternalPort} --http-port {ObjectNames.HttpPort} --bind 0.0.0.0 --auto-rejoin",
        ],
        Ports =
        [
            new ContainerPort { Name = "grpc", Port = ObjectNames.GrpcPort, Protocol = "TCP" },
            new ContainerPort { Name = "internal", Port = ObjectNames.InternalPort, Protocol = "TCP" },
            new ContainerPort { Name = "http", Port = ObjectNames.HttpPort, Protocol = "TCP" },
        ],
        Env = type.Spec.Env?.Select(Env).ToList(),
        Resources = Resources(type.Spec.Resources),
        ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/readyz", Port = "http" }, PeriodSeconds = 2, FailureThreshold = 3 },
        LivenessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 10, FailureThreshold = 6 },
        VolumeMounts =
        [
            new VolumeMount { Name = "data", MountPath = ObjectNames.DataPath },
            new VolumeMount { Name = "placement", MountPath = ObjectNames.ConfigPath },
        ],
    };

    /// <summary>In key order (as the API server serializes maps), so the template hash does not depend on how the user ordered them.</summary>
    private static Dictionary<string, string> Sorted(Dictionary<string, string> map) =>
        map.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value);

    private static ResourceRequirements? Resources(ComputeResources? resources) => resources is null
        ? null
        : new ResourceRequirements
        {
            Requests = resources.Requests?.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            Limits = resources.Limits?.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
        };

    private static EnvVar Env(EnvironmentVariable variable) => new()
    {
        Name = variable.Name,
        Value = variable.Value,
        ValueFrom = variable.ValueFrom is not { } from ? null : new EnvVarSource
        {
            SecretKeyRef = Key(from.SecretKeyRef),
            ConfigMapKeyRef = Key(from.ConfigMapKeyRef),
            FieldRef = from.FieldRef is { } field ? new ObjectFieldSelector { FieldPath = field.FieldPath } : null,
        },
    };

    private static KeySelector? Key(KeyReference? reference) =>
        reference is null ? null : new KeySelector { Name = reference.Name, Key = reference.Key, Optional = reference.Optional };
}
