namespace EntityPlatform.Harness.Checking;

/// <summary>An acknowledged write (or increments) that the final read of its key does not reflect.</summary>
public sealed record LostWrite(string Key, string Reason, IReadOnlyList<Operation> Writes);
