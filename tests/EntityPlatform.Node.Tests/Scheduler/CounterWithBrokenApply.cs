using EntityPlatform.Entities.Model;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>A counter whose Decide works but whose Apply always throws: a node running a broken build of an entity type.</summary>
internal sealed class CounterWithBrokenApply : EntityType<CounterState, CounterCommand, CounterEvent>
{
    public const string Failure = "this build of counters cannot apply events";

    private readonly Counter decider = new();

    public override CounterState Initial => decider.Initial;

    public override Decision<CounterEvent> Decide(CounterState state, CounterCommand command) => decider.Decide(state, command);

    public override CounterState Apply(CounterState state, CounterEvent @event) => throw new InvalidOperationException(Failure);

    public override void DefineQueries(QueryRegistry<CounterState> queries) => decider.DefineQueries(queries);
}
