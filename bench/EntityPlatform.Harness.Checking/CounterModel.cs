namespace EntityPlatform.Harness.Checking;

/// <summary>A counter starting at 0: increments add their value, reads must see the exact sum.</summary>
public sealed class CounterModel : IModel
{
    public static readonly CounterModel Instance = new();

    public string Name => "counter";

    public long Initial => 0;

    public bool Step(long state, Operation op, out long next)
    {
        switch (op.Kind)
        {
            case OpKind.Increment:
                next = state + op.Value;
                return true;
            case OpKind.Read:
                next = state;
                return op.Value == state;
            default:
                throw new ArgumentException($"a counter takes Increment and Read, got {op.Kind} in {op}", nameof(op));
        }
    }
}
