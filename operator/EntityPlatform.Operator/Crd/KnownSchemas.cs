using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Operator.Crd;

/// <summary>
/// Schemas of Kubernetes' own types, written out as upstream publishes them, because their rules
/// cannot be attributes here (the model types live in the client library). metav1.Condition's
/// required fields also matter structurally: a map-list keyed by "type" needs "type" required.
/// </summary>
public static class KnownSchemas
{
    public static JsonObject? For(Type type) => type == typeof(V1Condition) ? Condition() : null;

    private static JsonObject Condition() => new()
    {
        ["description"] = "A metav1.Condition: one aspect of the current state.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject
            {
                ["description"] = "Type of the condition in CamelCase, e.g. Ready.",
                ["type"] = "string",
                ["maxLength"] = 316,
                ["pattern"] = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
            },
            ["status"] = new JsonObject
            {
                ["description"] = "True, False or Unknown.",
                ["type"] = "string",
                ["enum"] = new JsonArray("True", "False", "Unknown"),
            },
            ["observedGeneration"] = new JsonObject
            {
                ["description"] = "The metadata.generation the condition was set for.",
                ["type"] = "integer",
                ["format"] = "int64",
                ["minimum"] = 0,
            },
            ["lastTransitionTime"] = new JsonObject
            {
                ["description"] = "When the status last changed.",
                ["type"] = "string",
                ["format"] = "date-time",
            },
            ["reason"] = new JsonObject
            {
                ["description"] = "Programmatic CamelCase identifier of the last transition.",
                ["type"] = "string",
                ["minLength"] = 1,
                ["maxLength"] = 1024,
                ["pattern"] = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
            },
            ["message"] = new JsonObject
            {
                ["description"] = "Human-readable details of the transition.",
                ["type"] = "string",
                ["maxLength"] = 32768,
            },
        },
        ["required"] = new JsonArray("type", "status", "lastTransitionTime", "reason", "message"),
    };
}
