namespace EntityPlatform.Entities.Runtime;

/// <summary>The untyped result of deciding a command: serialized events, or a rejection, or an error.</summary>
public sealed record CommandOutcome(IReadOnlyList<byte[]> Events, string? Rejection, CommandError? Error)
{
    public bool IsAccepted => Rejection is null && Error is null;

    public static CommandOutcome Accepted(IReadOnlyList<byte[]> events) => new(events, null, null);

    public static CommandOutcome Rejected(string reason) => new([], reason, null);

    public static CommandOutcome Failed(CommandErrorKind kind, string message) => new([], null, new CommandError(kind, message));
}

/// <summary>Why a command could not even be decided.</summary>
public enum CommandErrorKind
{
    /// <summary>The payload is not a command of this entity type (a client error).</summary>
    InvalidPayload,

    /// <summary>The entity type's own code threw; only this command fails, the shard keeps running.</summary>
    UserCodeFailed,
}

public sealed record CommandError(CommandErrorKind Kind, string Message);
