using System.Text.Json.Serialization;
using EntityPlatform.Entities.Model;

namespace EntityPlatform.Samples.Counter;

/// <summary>The smallest useful entity: a number that can be incremented and read.</summary>
public sealed class Counter : EntityType<CounterState, CounterCommand, CounterEvent>
{
    public override CounterState Initial => new(0);

    public override Decision<CounterEvent> Decide(CounterState state, CounterCommand command) => command switch
    {
        CounterCommand.Increment { By: <= 0 } increment =>
            Decision<CounterEvent>.Reject($"increment must be positive, got {increment.By}"),
        CounterCommand.Increment increment => Decision<CounterEvent>.Accept(new CounterEvent.Incremented(increment.By)),
        _ => Decision<CounterEvent>.Reject($"unknown counter command {command.GetType().Name}"),
    };

    public override CounterState Apply(CounterState state, CounterEvent @event) => @event switch
    {
        CounterEvent.Incremented incremented => state with { Value = state.Value + incremented.By },
        _ => state,
    };

    public override void DefineQueries(QueryRegistry<CounterState> queries) =>
        queries.Add<Unit, long>("value", (state, _) => state.Value);
}

public sealed record CounterState(long Value);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Increment), "increment")]
public abstract record CounterCommand
{
    public sealed record Increment(long By) : CounterCommand;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Incremented), "incremented")]
public abstract record CounterEvent
{
    public sealed record Incremented(long By) : CounterEvent;
}
