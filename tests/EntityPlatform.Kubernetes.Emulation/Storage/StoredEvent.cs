using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>
/// One change in the history that watches replay: ADDED, MODIFIED or DELETED. A MODIFIED carries the
/// state before it, so a watch with a label selector can tell an object entering or leaving it.
/// </summary>
public sealed record StoredEvent(long ResourceVersion, string Type, ResourceDefinition Definition, string Namespace, JsonObject Object, JsonObject? Previous = null);
