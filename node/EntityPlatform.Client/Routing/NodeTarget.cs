namespace EntityPlatform.Client.Routing;

/// <summary>Where one attempt goes. <see cref="NodeId"/> is 0 for a seed or Service address whose node is not known.</summary>
internal readonly record struct NodeTarget(ulong NodeId, Uri Address);
