namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// A message from outside the core (a peer, a newer or buggy version) is malformed. The group's state is
/// untouched: validation runs before any field is used, so the host logs the error and drops the message.
/// </summary>
public sealed class InvalidMessageException(string message) : Exception(message);
