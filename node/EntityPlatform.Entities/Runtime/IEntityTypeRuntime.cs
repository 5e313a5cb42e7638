namespace EntityPlatform.Entities.Runtime;

/// <summary>
/// An entity type as the node host sees it: bytes in, bytes out, states as opaque objects. The host keeps
/// one state object per entity and never looks inside it.
/// </summary>
public interface IEntityTypeRuntime
{
    string Name { get; }

    object InitialState { get; }

    /// <summary>Decides a command (leader only). Events are checked by applying them to the state first, so an
    /// event that would make <see cref="Apply"/> throw is refused here instead of failing every replica.</summary>
    CommandOutcome Decide(object state, ReadOnlySpan<byte> command);

    /// <summary>Applies one committed event (every replica, log order).</summary>
    object Apply(object state, ReadOnlySpan<byte> @event);

    /// <exception cref="Serialization.EntityPayloadException">Unknown query name or unreadable query.</exception>
    byte[] Query(object state, string queryName, ReadOnlySpan<byte> query);

    IReadOnlyCollection<string> QueryNames { get; }

    byte[] SerializeState(object state);

    object DeserializeState(ReadOnlySpan<byte> bytes);
}
