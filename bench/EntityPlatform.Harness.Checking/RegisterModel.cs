namespace EntityPlatform.Harness.Checking;

/// <summary>A read/write register starting at 0 (etcd reports a missing key as 0 in the harness).</summary>
public sealed class RegisterModel : IModel
{
    public static readonly RegisterModel Instance = new();

    public string Name => "register";

    public long Initial => 0;

    public bool Step(long state, Operation op, out long next)
    {
        switch (op.Kind)
        {
            case OpKind.Write:
                next = op.Value;
                return true;
            case OpKind.Read:
                next = state;
                return op.Value == state;
            default:
                throw new ArgumentException($"a register takes Write and Read, got {op.Kind} in {op}", nameof(op));
        }
    }
}
