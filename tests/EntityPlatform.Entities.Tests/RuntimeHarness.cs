using System.Text;
using EntityPlatform.Entities.Runtime;

namespace EntityPlatform.Entities.Tests;

/// <summary>Drives one entity through the byte-level runtime exactly as the node host does: decide, then apply.</summary>
internal sealed class RuntimeHarness(IEntityTypeRuntime runtime)
{
    public object State { get; private set; } = runtime.InitialState;

    public IEntityTypeRuntime Runtime => runtime;

    public CommandOutcome Send(string commandJson)
    {
        var outcome = runtime.Decide(State, Encoding.UTF8.GetBytes(commandJson));
        foreach (var @event in outcome.Events)
        {
            State = runtime.Apply(State, @event);
        }

        return outcome;
    }

    public string Query(string name, string queryJson = "") =>
        Encoding.UTF8.GetString(runtime.Query(State, name, Encoding.UTF8.GetBytes(queryJson)));
}
