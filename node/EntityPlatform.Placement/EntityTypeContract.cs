using System.Text.RegularExpressions;

namespace EntityPlatform.Placement;

/// <summary>
/// The one contract of an EntityType that local mode (crds/samples/local/*.yaml) and the operator
/// (EntityType resources) share: where the hosted name comes from, the defaults, and the checks. It
/// lives beside the planner because both modes already share the planner and nothing else.
/// <list type="bullet">
/// <item>The name a node image registers (<c>AddEntityType&lt;T&gt;("counter")</c>, compared ordinally) is
/// the resource's <c>metadata.name</c>; there is no second name field.</item>
/// <item>The name is a DNS-1035 label of at most <see cref="MaxNameLength"/> characters, so every name
/// derived from it (Services NAME-peers, pods NAME-N, the StatefulSet's controller-revision-hash label
/// NAME-HASH10) is valid too.</item>
/// </list>
/// </summary>
public static partial class EntityTypeContract
{
    /// <summary>63 (a label value) minus the 11 characters of "-" and a StatefulSet revision hash.</summary>
    public const int MaxNameLength = 52;

    /// <summary><see cref="MaxNameLength"/> as text, for the CRD's CEL rule (attribute arguments must be constants).</summary>
    public const string MaxNameLengthText = "52";

    public const string NamePattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    public const int MaxShards = 4096;
    public const int DefaultReplicationFactor = 3;
    public const int MaxReplicationFactor = 7;
    public const int DefaultNodes = 3;
    public const int MaxNodes = 1000;

    /// <summary>The Raft timings both modes use when the resource leaves them out (10 ms ticks, 150 ms election timeout).</summary>
    public const int DefaultTickMs = 10;
    public const int DefaultElectionTicks = 15;
    public const int DefaultHeartbeatTicks = 3;
    public const int MinTickMs = 1;
    public const int MaxTickMs = 10_000;

    /// <summary>Every broken rule, each naming its field as the resource spells it; empty when the values are valid.</summary>
    public static IReadOnlyList<string> Check(string name, int shards, int replicationFactor, int nodes, int tickMs, int electionTicks, int heartbeatTicks)
    {
        var errors = new List<string>();
        if (name.Length > MaxNameLength || !NameRegex().IsMatch(name))
        {
            errors.Add($"metadata.name: '{name}' is not allowed; expected a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) of at most {MaxNameLength} characters, the name node images register the entity type under");
        }

        if (shards is < 1 or > MaxShards)
        {
            errors.Add($"spec.shards: {shards} is not allowed; expected 1 to {MaxShards}");
        }

        if (replicationFactor is < 1 or > MaxReplicationFactor || replicationFactor % 2 == 0)
        {
            errors.Add($"spec.replicationFactor: {replicationFactor} is not allowed; expected an odd number from 1 to {MaxReplicationFactor}");
        }

        if (nodes is < 1 or > MaxNodes)
        {
            errors.Add($"spec.nodes: {nodes} is not allowed; expected 1 to {MaxNodes}");
        }
        else if (nodes < replicationFactor)
        {
            errors.Add($"spec.nodes: {nodes} is less than spec.replicationFactor {replicationFactor}; two replicas of one shard never share a node");
        }

        if (tickMs is < MinTickMs or > MaxTickMs)
        {
            errors.Add($"spec.raft.tickMs: {tickMs} is not allowed; expected {MinTickMs} to {MaxTickMs}");
        }

        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks)
        {
            errors.Add($"spec.raft.electionTicks: {electionTicks} must be greater than spec.raft.heartbeatTicks {heartbeatTicks} (at least 1), or followers start elections between heartbeats");
        }

        return errors;
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
