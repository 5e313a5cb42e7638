using System.Globalization;
using System.Text;

namespace EntityPlatform.Operator.Controller;

/// <summary>The operator's /metrics, in Prometheus text format: reconciles, errors, queue depth, leadership.</summary>
public sealed class OperatorMetrics
{
    private long _reconciles;
    private long _errors;
    private long _conflicts;

    public Func<int> QueueDepth { get; set; } = () => 0;

    public Func<bool> IsLeader { get; set; } = () => false;

    public long Reconciles => Interlocked.Read(ref _reconciles);

    public long Errors => Interlocked.Read(ref _errors);

    public void Reconciled() => Interlocked.Increment(ref _reconciles);

    public void Failed(bool conflict)
    {
        Interlocked.Increment(ref _errors);
        if (conflict)
        {
            Interlocked.Increment(ref _conflicts);
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        Counter(text, "entityplatform_operator_reconciles_total", "Reconcile passes finished.", Reconciles);
        Counter(text, "entityplatform_operator_reconcile_errors_total", "Reconcile passes that failed and were retried with backoff.", Errors);
        Counter(text, "entityplatform_operator_reconcile_conflicts_total", "Failed passes caused by a 409 conflict (a stale read).", Interlocked.Read(ref _conflicts));
        Gauge(text, "entityplatform_operator_queue_depth", "Keys waiting in the work queue.", QueueDepth());
        Gauge(text, "entityplatform_operator_leader", "1 while this replica holds the leader-election Lease.", IsLeader() ? 1 : 0);
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) => Write(text, name, help, "counter", value);

    private static void Gauge(StringBuilder text, string name, string help, long value) => Write(text, name, help, "gauge", value);

    private static void Write(StringBuilder text, string name, string help, string kind, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n");
}
