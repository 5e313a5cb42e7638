using System.Globalization;
using EntityPlatform.Operator.Election;

namespace EntityPlatform.Operator.Host;

/// <summary>
/// The command line, as charts/entity-platform/templates/deployment.yaml passes it. Every flag is
/// <c>--name=value</c>; durations are Go-style (<c>15s</c>, <c>500ms</c>, <c>1m</c>). Errors name the flag.
/// </summary>
public sealed record OperatorArguments
{
    public string? WatchNamespace { get; init; }
    public bool LeaderElect { get; init; } = true;
    public string LeaderElectionNamespace { get; init; } = "default";
    public string LeaderElectionId { get; init; } = "entityplatform-operator";
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
    public int HealthPort { get; init; } = 8081;
    public int MetricsPort { get; init; } = 8080;
    public string LogLevel { get; init; } = "info";
    public string? Kubeconfig { get; init; }

    public static OperatorArguments Parse(IReadOnlyList<string> args)
    {
        var result = new OperatorArguments();
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            if (!arg.StartsWith("--", StringComparison.Ordinal) || eq < 0)
            {
                throw new ArgumentException($"argument '{arg}': expected --name=value");
            }

            var (name, value) = (arg[2..eq], arg[(eq + 1)..]);
            result = name switch
            {
                "watch-namespace" => result with { WatchNamespace = value.Length == 0 ? null : value },
                "leader-elect" => result with { LeaderElect = bool.TryParse(value, out var on) ? on : throw Bad(name, value, "true or false") },
                "leader-election-namespace" => result with { LeaderElectionNamespace = value },
                "leader-election-id" => result with { LeaderElectionId = value },
                "lease-duration" => result with { LeaseDuration = Duration(name, value) },
                "renew-deadline" => result with { RenewDeadline = Duration(name, value) },
                "retry-period" => result with { RetryPeriod = Duration(name, value) },
                "health-port" => result with { HealthPort = Port(name, value) },
                "metrics-port" => result with { MetricsPort = Port(name, value) },
                "log-level" => result with { LogLevel = value is "trace" or "debug" or "info" or "warning" or "error" ? value : throw Bad(name, value, "trace, debug, info, warning or error (the chart's values.schema.json enum)") },
                "kubeconfig" => result with { Kubeconfig = value },
                _ => throw new ArgumentException($"--{name}: unknown flag"),
            };
        }

        return result;
    }

    public LeaderElectionOptions Election(string identity) => new()
    {
        Namespace = LeaderElectionNamespace,
        Name = LeaderElectionId,
        Identity = identity,
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };

    /// <summary>Go durations as Helm values write them: a number and one unit of ms, s, m or h.</summary>
    public static TimeSpan Duration(string name, string value)
    {
        var units = new (string Suffix, double Ms)[] { ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000) };
        foreach (var (suffix, ms) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                return TimeSpan.FromMilliseconds(number * ms);
            }
        }

        throw Bad(name, value, "a positive duration such as 15s, 500ms or 1m");
    }

    private static int Port(string name, string value) =>
        int.TryParse(value, out var port) && port is > 0 and < 65536 ? port : throw Bad(name, value, "a port from 1 to 65535");

    private static ArgumentException Bad(string name, string value, string expected) =>
        new($"--{name}={value}: expected {expected}");
}
