namespace EntityPlatform.Projections.Checkpoints;

/// <summary>
/// A stored checkpoint was not where this host expected it: another host of the same projection committed
/// first, or an earlier commit of this host succeeded although its answer was lost. The transaction is
/// rolled back; the host reloads the checkpoints and resubscribes, so nothing is applied twice.
/// </summary>
public sealed class CheckpointConflictException(string message) : Exception(message);
