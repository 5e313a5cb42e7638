using EntityPlatform.Entities.Model;
using EntityPlatform.Entities.Serialization;

namespace EntityPlatform.Entities.Runtime;

/// <summary>Adapts a typed <see cref="EntityType{TState,TCommand,TEvent}"/> to the byte-level runtime interface.</summary>
public sealed class EntityTypeRuntime<TState, TCommand, TEvent> : IEntityTypeRuntime
    where TState : notnull
    where TCommand : notnull
    where TEvent : notnull
{
    private readonly EntityType<TState, TCommand, TEvent> entity;
    private readonly IEntitySerializer serializer;
    private readonly QueryRegistry<TState> queries = new();

    public EntityTypeRuntime(string name, EntityType<TState, TCommand, TEvent> entity, IEntitySerializer serializer)
    {
        EntityTypeName.Validate(name);
        Name = name;
        this.entity = entity;
        this.serializer = serializer;
        entity.DefineQueries(queries);
    }

    public string Name { get; }

    public object InitialState => entity.Initial;

    public IReadOnlyCollection<string> QueryNames => queries.Handlers.Keys.ToArray();

    public CommandOutcome Decide(object state, ReadOnlySpan<byte> command)
    {
        TCommand typed;
        try
        {
            typed = (TCommand)serializer.Deserialize(command, typeof(TCommand));
        }
        catch (EntityPayloadException error)
        {
            return CommandOutcome.Failed(CommandErrorKind.InvalidPayload, $"{Name}: command {error.Message}");
        }

        try
        {
            var decision = entity.Decide((TState)state, typed);
            if (!decision.IsAccepted)
            {
                return CommandOutcome.Rejected(decision.Rejection!);
            }

            // Trial-apply: a failing Apply is caught here, on one replica, before the event is logged.
            var trial = (TState)state;
            foreach (var @event in decision.Events)
            {
                trial = entity.Apply(trial, @event);
            }

            return CommandOutcome.Accepted(decision.Events.Select(e => serializer.Serialize(e, typeof(TEvent))).ToArray());
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return CommandOutcome.Failed(CommandErrorKind.UserCodeFailed, $"{Name}: {error.GetType().Name}: {error.Message}");
        }
    }

    public object Apply(object state, ReadOnlySpan<byte> @event) =>
        entity.Apply((TState)state, (TEvent)serializer.Deserialize(@event, typeof(TEvent)));

    public byte[] Query(object state, string queryName, ReadOnlySpan<byte> query)
    {
        if (!queries.Handlers.TryGetValue(queryName, out var handler))
        {
            var known = string.Join(", ", queries.Handlers.Keys.Order());
            throw new EntityPayloadException($"{Name} has no query '{queryName}'; known queries: {known}");
        }

        var input = handler.QueryType == typeof(Unit) && query.IsEmpty
            ? new Unit()
            : serializer.Deserialize(query, handler.QueryType);
        return serializer.Serialize(handler.Invoke((TState)state, input)!, handler.ResultType);
    }

    public byte[] SerializeState(object state) => serializer.Serialize(state, typeof(TState));

    public object DeserializeState(ReadOnlySpan<byte> bytes) => serializer.Deserialize(bytes, typeof(TState));
}
