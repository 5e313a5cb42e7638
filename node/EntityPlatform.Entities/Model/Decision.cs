namespace EntityPlatform.Entities.Model;

/// <summary>
/// What <c>Decide</c> made of a command: the events to record, or a rejection with a reason the caller
/// sees. An accepted command with no events is valid (it changes nothing but is still deduplicated).
/// </summary>
public sealed class Decision<TEvent>
{
    private Decision(IReadOnlyList<TEvent> events, string? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<TEvent> Events { get; }

    /// <summary>Why the command was refused; null when accepted.</summary>
    public string? Rejection { get; }

    public bool IsAccepted => Rejection is null;

    public static Decision<TEvent> Accept(params TEvent[] events) => new(events, null);

    public static Decision<TEvent> Reject(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A rejection needs a reason the caller can act on.", nameof(reason));
        }

        return new Decision<TEvent>([], reason);
    }
}
