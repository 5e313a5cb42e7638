using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>One change in the history that watches replay: ADDED, MODIFIED or DELETED.</summary>
public sealed record StoredEvent(long ResourceVersion, string Type, ResourceDefinition Definition, string Namespace, JsonObject Object);
