namespace EntityPlatform.Storage.Events;

/// <summary>One event as the event log keeps it: its dense offset, when this replica applied it, the entity and the payload.</summary>
public readonly record struct StoredEvent(ulong Offset, long AppliedAtUnixMs, string EntityId, byte[] Payload);
