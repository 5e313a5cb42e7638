namespace EntityPlatform.Client.Typed;

/// <summary>
/// What the entity decided: the events it recorded (accepted), or its reason (rejected). A rejection is a
/// normal outcome of the entity's rules ("insufficient funds"), never retried and never an exception.
/// </summary>
public sealed record CommandResult<TEvent>
{
    public required bool IsAccepted { get; init; }

    /// <summary>The events the command produced, in order (empty when rejected, or accepted with no effect).</summary>
    public required IReadOnlyList<TEvent> Events { get; init; }

    /// <summary>The entity's reason when rejected; null when accepted.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>The shard-wide offset of the first event (meaningless without events).</summary>
    public ulong FirstEventOffset { get; init; }

    /// <summary>True when a retry reached a leader that had already applied the command: this is the original reply, applied once.</summary>
    public bool Deduplicated { get; init; }
}
