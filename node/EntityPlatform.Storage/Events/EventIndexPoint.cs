namespace EntityPlatform.Storage.Events;

/// <summary>A sparse index entry: the record at <see cref="Address"/> holds <see cref="Offset"/>, applied at <see cref="AppliedAtUnixMs"/>.</summary>
internal readonly record struct EventIndexPoint(ulong Offset, long Address, long AppliedAtUnixMs);
