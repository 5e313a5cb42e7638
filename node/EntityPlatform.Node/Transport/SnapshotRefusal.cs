namespace EntityPlatform.Node.Transport;

/// <summary>Why a received snapshot was refused; the wire code maps it to its status code (same names as gRPC's).</summary>
public enum SnapshotRefusal
{
    /// <summary>A field or the chunk sequence is wrong; the message names it.</summary>
    InvalidArgument,

    /// <summary>Over a limit (size, concurrent transfers); the leader retries later.</summary>
    ResourceExhausted,

    /// <summary>Sent to the wrong node (a stale peer directory).</summary>
    FailedPrecondition,

    /// <summary>The bytes do not match the declared length or CRC-32C.</summary>
    DataLoss,

    /// <summary>No chunk came within the idle timeout; the transfer was dropped.</summary>
    DeadlineExceeded,
}
