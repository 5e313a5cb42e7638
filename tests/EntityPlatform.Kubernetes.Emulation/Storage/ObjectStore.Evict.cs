using System.Globalization;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    private const string PodReadyCondition = "Ready";

    /// <summary>
    /// POST pods/NAME/eviction, arbitrated by the pod's PodDisruptionBudget as the API server does with
    /// the default unhealthyPodEvictionPolicy (IfHealthyBudget): a ready pod may go only while the budget
    /// allows a disruption (currentHealthy > desiredHealthy); a pod that is not ready may go while the
    /// application is not disrupted (currentHealthy >= desiredHealthy). Otherwise 429 and nothing is
    /// deleted. Expected pods are the owning StatefulSet's spec.replicas (the disruption controller's
    /// count), else the matching pods. Evicted pods are deleted gracefully.
    /// Simplification: the budget is computed on the spot; a real server reads the disruption
    /// controller's PDB status, which lags a little.
    /// </summary>
    public JsonObject Evict(string @namespace, string podName, string? uid)
    {
        lock (_gate)
        {
            var pods = Definition("pods");
            var pod = Find(pods, @namespace, podName);
            if (!string.IsNullOrEmpty(uid) && uid != Meta.Uid(pod))
            {
                throw ApiError.Conflict(pods, podName, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Meta.Uid(pod)}");
            }
            if (!Meta.Deleting(pod))
            {
                CheckBudget(@namespace, pod);
                DeleteLocked(pods, @namespace, pod);
            }
            return new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Success",
                ["code"] = 201,
            };
        }
    }

    private void CheckBudget(string @namespace, JsonObject pod)
    {
        var budgets = _objects.Where(o => o.Key.Resource == "poddisruptionbudgets.policy" && o.Key.Namespace == @namespace)
            .Select(o => o.Value).Where(budget => SelectorMatches(budget["spec"]?["selector"], Meta.Labels(pod))).ToList();
        if (budgets.Count > 1)
        {
            throw new ApiError(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        if (budgets.Count == 0)
        {
            return;
        }

        var budget = budgets[0];
        var matching = _objects.Where(o => o.Key.Resource == "pods" && o.Key.Namespace == @namespace)
            .Select(o => o.Value).Where(candidate => SelectorMatches(budget["spec"]?["selector"], Meta.Labels(candidate))).ToList();
        var expected = ExpectedPods(@namespace, matching);
        var healthy = matching.Count(candidate => !Meta.Deleting(candidate) && IsReady(candidate));
        var desired = DesiredHealthy(budget, expected);
        var allowed = IsReady(pod) ? healthy - desired >= 1 : healthy >= desired;
        if (!allowed)
        {
            var name = Meta.Name(budget);
            throw new ApiError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "DisruptionBudget",
                    ["message"] = $"The disruption budget {name} needs {desired} healthy pods and has {healthy} currently",
                }),
            });
        }
    }

    private int ExpectedPods(string @namespace, List<JsonObject> matching)
    {
        var owner = matching.SelectMany(Meta.OwnerReferences)
            .FirstOrDefault(reference => reference["kind"]?.ToString() == "StatefulSet" && reference["controller"]?.GetValue<bool>() == true);
        var set = owner is null ? null : TryFind(Definition("statefulsets.apps"), @namespace, owner["name"]?.ToString() ?? "");
        return set?["spec"]?["replicas"] is { } replicas && int.TryParse(replicas.ToString(), CultureInfo.InvariantCulture, out var count)
            ? count
            : matching.Count;
    }

    private static int DesiredHealthy(JsonObject budget, int expected)
    {
        var spec = budget["spec"];
        if (spec?["minAvailable"] is { } minimum)
        {
            return Amount(minimum, expected, roundUp: true);
        }
        return spec?["maxUnavailable"] is { } maximum ? Math.Max(0, expected - Amount(maximum, expected, roundUp: true)) : 0;
    }

    /// <summary>An int-or-percentage of <paramref name="total"/>; percentages round up, as the disruption controller rounds them.</summary>
    private static int Amount(JsonNode value, int total, bool roundUp)
    {
        var text = value.ToString();
        if (text.EndsWith('%') && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var percent))
        {
            var exact = total * percent / 100.0;
            return roundUp ? (int)Math.Ceiling(exact) : (int)Math.Floor(exact);
        }
        return int.TryParse(text, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    private static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(condition => condition["type"]?.ToString() == PodReadyCondition && condition["status"]?.ToString() == "True");

    private static bool SelectorMatches(JsonNode? selector, IReadOnlyDictionary<string, string> labels) =>
        selector?["matchLabels"] is JsonObject match && match.Count > 0
        && match.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value?.ToString());
}
