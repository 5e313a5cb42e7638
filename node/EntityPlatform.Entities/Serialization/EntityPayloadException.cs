namespace EntityPlatform.Entities.Serialization;

/// <summary>A payload could not be read as the type the entity expects; the message names both.</summary>
public sealed class EntityPayloadException(string message, Exception? inner = null) : Exception(message, inner);
