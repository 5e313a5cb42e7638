using System.Text;
using EntityPlatform.Entities.Model;
using EntityPlatform.Entities.Runtime;
using EntityPlatform.Entities.Serialization;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Entities.Tests;

public sealed class EntityRuntimeTests
{
    [Fact]
    public void Unreadable_command_payload_is_an_invalid_payload_error_naming_the_type()
    {
        var runtime = EntityTypeRuntimeFactory.Create<Counter>("counters");
        var outcome = runtime.Decide(runtime.InitialState, Encoding.UTF8.GetBytes("{not json"));
        Assert.Equal(CommandErrorKind.InvalidPayload, outcome.Error?.Kind);
        Assert.Contains("CounterCommand", outcome.Error!.Message);
    }

    [Fact]
    public void Exception_in_decide_fails_only_that_command_with_its_message()
    {
        var runtime = EntityTypeRuntimeFactory.Create("faulty", new Faulty());
        var outcome = runtime.Decide(runtime.InitialState, Encoding.UTF8.GetBytes("\"boom\""));
        Assert.Equal(CommandErrorKind.UserCodeFailed, outcome.Error?.Kind);
        Assert.Contains("InvalidOperationException: decide exploded", outcome.Error!.Message);
        Assert.True(runtime.Decide(runtime.InitialState, Encoding.UTF8.GetBytes("\"fine\"")).IsAccepted);
    }

    [Fact]
    public void Event_whose_apply_throws_is_refused_at_decide_time_before_it_reaches_the_log()
    {
        var runtime = EntityTypeRuntimeFactory.Create("faulty", new Faulty());
        var outcome = runtime.Decide(runtime.InitialState, Encoding.UTF8.GetBytes("\"poison\""));
        Assert.Equal(CommandErrorKind.UserCodeFailed, outcome.Error?.Kind);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void Unknown_query_lists_the_known_ones()
    {
        var runtime = EntityTypeRuntimeFactory.Create<Account>("accounts");
        var error = Assert.Throws<EntityPayloadException>(() => runtime.Query(runtime.InitialState, "owner", []));
        Assert.Contains("known queries: balance, state", error.Message);
    }

    [Fact]
    public void State_survives_a_snapshot_round_trip()
    {
        var account = new RuntimeHarness(EntityTypeRuntimeFactory.Create<Account>("accounts"));
        account.Send("""{"type":"deposit","amount":7}""");
        var bytes = account.Runtime.SerializeState(account.State);
        var restored = account.Runtime.DeserializeState(bytes);
        Assert.Equal(account.State, restored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Accounts")]
    [InlineData("1st")]
    [InlineData("a_b")]
    public void Invalid_entity_type_names_are_rejected_with_the_rule(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => EntityTypeRuntimeFactory.Create<Counter>(name));
        Assert.Contains("lowercase letters, digits or '-'", error.Message);
    }

    [Fact]
    public void A_class_that_is_not_an_entity_type_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => EntityTypeRuntimeFactory.Create("x", new object()));
        Assert.Contains("does not derive from EntityType", error.Message);
    }

    private sealed class Faulty : EntityType<int, string, string>
    {
        public override int Initial => 0;

        public override Decision<string> Decide(int state, string command) => command == "boom"
            ? throw new InvalidOperationException("decide exploded")
            : Decision<string>.Accept(command);

        public override int Apply(int state, string @event) => @event == "poison"
            ? throw new InvalidOperationException("apply exploded")
            : state + 1;
    }
}
